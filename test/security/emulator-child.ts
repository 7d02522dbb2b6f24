/**
 * The emulator in a child process for the security suites: `tsx emulator-child.ts '<options json>'`.
 * Prints one JSON line `{"url": ...}` once it listens; runs until killed.
 */
import { startEmulator } from "../../src/emulator/index.js";

const options = JSON.parse(process.argv[2] ?? "{}") as Parameters<typeof startEmulator>[0];
const emu = await startEmulator({ port: 0, streamDelayMs: 0, ...options });
process.stdout.write(`${JSON.stringify({ url: emu.url })}\n`);
