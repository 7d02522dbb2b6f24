import type { SlashCommand } from "./types.js";

/** Keys of the input line, listed by /help and the README. */
export const KEYS: ReadonlyArray<readonly [string, string]> = [
  ["Enter", "send the message (or run the /command)"],
  ["Ctrl+J, Shift+Enter, Alt+Enter", "new line (pasting multi-line text never sends early)"],
  ["Esc", "cancel the streaming reply"],
  ["Ctrl+C", "cancel the reply, else clear the input, else exit"],
  ["Ctrl+D", "exit (on an empty input)"],
  ["↑ / ↓", "previous / next input (history kept across sessions)"],
  ["Tab", "complete a /command or an endpoint name"],
  ["←/→, Home/End, Ctrl+A/E, Ctrl+U, Ctrl+W", "move and edit"],
];

export const helpCommand: SlashCommand = {
  name: "help",
  aliases: ["?"],
  description: "List commands and keys",
  run(ctx) {
    const width = Math.max(...ctx.commands.map((c) => `/${c.name}${c.args ? " " + c.args : ""}`.length));
    const lines = ["Commands:"];
    for (const c of ctx.commands) {
      const synopsis = `/${c.name}${c.args ? " " + c.args : ""}`;
      lines.push(`  ${synopsis.padEnd(width)}  ${c.description}`);
    }
    lines.push("", "Keys:");
    const keyWidth = Math.max(...KEYS.map(([k]) => k.length));
    for (const [key, what] of KEYS) lines.push(`  ${key.padEnd(keyWidth)}  ${what}`);
    lines.push("", "Start a message with // to send a literal leading slash.");
    ctx.print(lines.join("\n"));
  },
};
