#!/usr/bin/env node
/**
 * The `deployments` command line: `deployments chat`, `deployments emulator`.
 * Each subcommand lives in its own folder and is registered here; heavy modules (ink, react) are
 * imported only when the chat UI actually starts, so `--help` and the emulator start fast.
 */
import { Command } from "commander";
import { VERSION } from "../src/index.js";
import { chatCommand } from "./chat/command.js";
import { emulatorCommand } from "./emulator/command.js";
import { authCommand } from "./auth/command.js";
import { batchCommand } from "./batch/command.js";

const program = new Command()
  .name("deployments")
  .description("Databricks Model Serving endpoints from the terminal: chat with them, or run a local emulator.")
  .version(VERSION)
  .showHelpAfterError();

// subcommands (each in its own folder; add your line, never rewrite this file)
program.addCommand(chatCommand({ interactive: () => import("./ui/interactive.js") }));
program.addCommand(emulatorCommand());
program.addCommand(authCommand());
program.addCommand(batchCommand());

await program.parseAsync(process.argv);
