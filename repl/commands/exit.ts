import type { SlashCommand } from "./types.js";

export const exitCommand: SlashCommand = {
  name: "exit",
  aliases: ["quit", "q"],
  description: "Leave the chat (the transcript is saved)",
  run(ctx) {
    ctx.exit();
  },
};
