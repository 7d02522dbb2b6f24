import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { SlashCommand } from "./types.js";

export const saveCommand: SlashCommand = {
  name: "save",
  args: "[FILE]",
  description: "Save the conversation: .json for /load, anything else as Markdown (default chat-<time>.md)",
  run(ctx, args) {
    const file = resolve(args.trim() || `chat-${new Date().toISOString().replace(/[:.]/g, "-")}.md`);
    const body = file.endsWith(".json") ? JSON.stringify(ctx.conversation, null, 2) + "\n" : ctx.conversation.toMarkdown();
    writeFileSync(file, body);
    ctx.print(`Saved ${ctx.conversation.turns.length} turn(s) to ${file}`);
  },
};
