import type { SlashCommand } from "./types.js";

export const copyCommand: SlashCommand = {
  name: "copy",
  description: "Copy the last reply to the clipboard (OSC 52: works over SSH and in tmux with set-clipboard on)",
  run(ctx) {
    const turn = [...ctx.conversation.turns].reverse().find((t) => t.reply !== "");
    if (!turn) {
      ctx.fail("No reply to copy yet.");
      return;
    }
    ctx.copy(turn.reply);
    ctx.print(`Copied ${turn.reply.length} characters to the clipboard.`);
  },
};
