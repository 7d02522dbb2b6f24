#!/usr/bin/env node
/**
 * The `deployments` command line: `deployments chat`, `deployments emulator`.
 * Each subcommand lives in its own folder and is registered here; heavy modules (ink, react) are
 * imported only when the chat UI actually starts, so `--help` and the emulator start fast.
 */
import { Command } from "commander";
import { chatCommand } from "./chat/command.js";
import { emulatorCommand } from "./emulator/command.js";
import { authCommand } from "./auth/command.js";
import { batchCommand } from "./batch/command.js";

// `--version` is answered before commander, as its own `.version()` would: it is the one thing here
// that needs the library, and importing that up front would cost the chat's first frame ~70 ms.
const first = process.argv[2];
if (first === "-V" || first === "--version") {
  const { VERSION } = await import("../src/index.js");
  process.stdout.write(`${VERSION}\n`);
  process.exit(0);
}

const program = new Command()
  .name("deployments")
  .description("Databricks Model Serving endpoints from the terminal: chat with them, or run a local emulator.")
  .option("-V, --version", "output the version number")
  .showHelpAfterError();

// subcommands (each in its own folder; add your line, never rewrite this file)
program.addCommand(chatCommand({ interactive: () => import("./ui/interactive.js") }));
program.addCommand(emulatorCommand());
program.addCommand(authCommand());
program.addCommand(batchCommand());

await program.parseAsync(process.argv);
