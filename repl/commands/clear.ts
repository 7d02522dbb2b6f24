import type { SlashCommand } from "./types.js";

export const clearCommand: SlashCommand = {
  name: "clear",
  description: "Forget the conversation and clear the screen (endpoint, system prompt and parameters stay)",
  run(ctx) {
    ctx.clear();
    ctx.print("Conversation cleared.");
  },
};
