import type { SlashCommand } from "./types.js";

export const infoCommand: SlashCommand = {
  name: "info",
  args: "[NAME]",
  description: "Served entities, task, state, tags, rate limits and your permission on the endpoint",
  completes: "endpoint names",
  complete: (ctx) => ctx.endpointNames(),
  async run(ctx, args) {
    // The library is loaded behind the first frame (see ChatLibrary): by now it is, and this is cheap.
    const { endpointFacts } = await import("../../src/index.js");
    const name = args.trim() || ctx.conversation.endpoint;
    const e = endpointFacts(await ctx.client.getEndpoint(name));
    const lines = [
      `Endpoint ${e.name} on ${ctx.session.description}`,
      `  state:           ${e.state ?? "?"}`,
      `  task:            ${e.task ?? "?"}`,
      `  served entities: ${e.servedEntities.length ? e.servedEntities.join("; ") : "none"}`,
      `  tags:            ${e.tags.length ? e.tags.join(", ") : "none"}`,
      `  rate limits:     ${e.rateLimits.length ? e.rateLimits.join("; ") : "none"}`,
      `  your permission: ${e.permissionLevel ?? "not reported"}`,
    ];
    ctx.print(lines.join("\n"));
  },
};
