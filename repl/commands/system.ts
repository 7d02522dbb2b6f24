import type { SlashCommand } from "./types.js";

export const systemCommand: SlashCommand = {
  name: "system",
  args: "[TEXT | -]",
  description: "Show or set the system prompt (- removes it)",
  run(ctx, args) {
    const text = args.trim();
    if (text === "") {
      ctx.print(ctx.conversation.system ? `System prompt:\n${ctx.conversation.system}` : "No system prompt. Set one with /system TEXT.");
      return;
    }
    ctx.conversation.system = text === "-" ? undefined : text;
    ctx.print(text === "-" ? "System prompt removed." : "System prompt set; it applies from the next message.");
  },
};
