import { KEY_HELP } from "../ui/keys.js";
import type { SlashCommand } from "./types.js";

/** Keys of the input line, listed by /help and docs/repl.md (the table lives beside the key decoder). */
export const KEYS: ReadonlyArray<readonly [string, string]> = KEY_HELP.map((k) => [k.keys, k.does] as const);

/** Splits `text` into lines of at most `width` columns at spaces (a longer word gets a line of its own). */
function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  if (line !== "") lines.push(line);
  return lines;
}

/** Rows of a two-column table; a description that wraps continues under its own column. */
function table(rows: ReadonlyArray<readonly [string, string]>, columns: number): string[] {
  const left = Math.max(...rows.map(([l]) => l.length));
  const indent = 2 + left + 2;
  const room = Math.max(20, columns - indent - 1);
  return rows.flatMap(([l, text]) => wrapWords(text, room).map((part, i) => (i === 0 ? `  ${l.padEnd(left)}  ${part}` : `${" ".repeat(indent)}${part}`)));
}

export const helpCommand: SlashCommand = {
  name: "help",
  aliases: ["?"],
  description: "List commands and keys",
  run(ctx) {
    const columns = process.stdout.columns ?? 100;
    const synopsis = (c: SlashCommand) => `/${c.name}${c.args ? " " + c.args : ""}${c.aliases?.length ? ` (${c.aliases.map((a) => "/" + a).join(", ")})` : ""}`;
    const completing = ctx.commands.filter((c) => c.completes !== undefined).map((c) => `/${c.name}: ${c.completes}`);
    const keys = KEY_HELP.map((k) => [k.keys, k.events.includes("tab") ? `complete a /command name${completing.length ? `, or after ${completing.join("; ")}` : ""}` : k.does] as const);
    const lines = [
      "Commands:", ...table(ctx.commands.map((c) => [synopsis(c), c.description] as const), columns),
      "", "Keys:", ...table(keys, columns),
      "", "Start a message with // to send a literal leading slash.",
    ];
    ctx.print(lines.join("\n"));
  },
};
