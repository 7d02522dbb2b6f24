import type { SlashCommand } from "./types.js";

export const useCommand: SlashCommand = {
  name: "use",
  args: "NAME",
  description: "Talk to another endpoint (the conversation continues)",
  completes: "endpoint names",
  complete: (ctx) => ctx.endpointNames(),
  async run(ctx, args) {
    const name = args.trim();
    if (name === "") {
      ctx.fail(`Current endpoint: ${ctx.conversation.endpoint}.`, "Give a name: /use NAME (Tab completes, /endpoints lists).");
      return;
    }
    await ctx.useEndpoint(name);
    ctx.print(`Now talking to ${name}.`);
  },
};
