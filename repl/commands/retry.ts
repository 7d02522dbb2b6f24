import type { SlashCommand } from "./types.js";

export const retryCommand: SlashCommand = {
  name: "retry",
  description: "Regenerate the last reply (also after an error or a cancel)",
  run(ctx) {
    if (!ctx.conversation.lastTurn) {
      ctx.fail("Nothing to retry yet.", "Send a message first.");
      return;
    }
    ctx.retry();
  },
};
