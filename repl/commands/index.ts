import { batchCommand } from "./batch.js";
import { clearCommand } from "./clear.js";
import { copyCommand } from "./copy.js";
import { endpointsCommand } from "./endpoints.js";
import { exitCommand } from "./exit.js";
import { helpCommand } from "./help.js";
import { infoCommand } from "./info.js";
import { loadCommand } from "./load.js";
import { paramsCommand } from "./params.js";
import { retryCommand } from "./retry.js";
import { saveCommand } from "./save.js";
import { setCommand } from "./set.js";
import { systemCommand } from "./system.js";
import { usageCommand } from "./usage.js";
import { schemaCommand } from "./schema.js";
import { toolsCommand } from "./tools.js";
import { useCommand } from "./use.js";
import type { SlashCommand } from "./types.js";

/** Every slash command, in the order /help lists them. */
export const COMMANDS: readonly SlashCommand[] = [
  helpCommand, endpointsCommand, useCommand, infoCommand, systemCommand, setCommand, paramsCommand,
  toolsCommand, schemaCommand, retryCommand, clearCommand, saveCommand, loadCommand, batchCommand, copyCommand, usageCommand, exitCommand,
];

/** Finds a command by name or alias (case-insensitive). */
export function findCommand(commands: readonly SlashCommand[], name: string): SlashCommand | undefined {
  const n = name.toLowerCase();
  return commands.find((c) => c.name === n || c.aliases?.includes(n));
}
