/**
 * The emulator in a child process for the crash suite: `tsx emulator-child.ts <statePath> <token>`.
 * Prints one JSON line `{"url": ...}` once it listens; runs until killed.
 */
import { startEmulator } from "../../src/emulator/index.js";

const [statePath, token] = process.argv.slice(2);
const emu = await startEmulator({ port: 0, seed: true, token: token!, statePath: statePath!, streamDelayMs: 0 });
process.stdout.write(`${JSON.stringify({ url: emu.url })}\n`);
