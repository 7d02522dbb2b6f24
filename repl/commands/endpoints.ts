import type { SlashCommand } from "./types.js";

export const endpointsCommand: SlashCommand = {
  name: "endpoints",
  description: "List the serving endpoints with their state, task and model",
  async run(ctx) {
    // The library is loaded behind the first frame (see ChatLibrary): by now it is, and this is cheap.
    const { endpointFacts } = await import("../../src/index.js");
    const list = (await ctx.client.listEndpoints()).map(endpointFacts);
    if (list.length === 0) {
      ctx.print("No serving endpoints in this workspace.");
      return;
    }
    const rows = list.map((e) => [e.name === ctx.conversation.endpoint ? `* ${e.name}` : `  ${e.name}`, e.state ?? "?", e.task ?? "", e.model ?? ""]);
    const header = ["  NAME", "STATE", "TASK", "MODEL"];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
    const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i] as number)).join("  ").trimEnd();
    ctx.print([line(header), ...rows.map(line), "", "/use NAME switches endpoint (* = current)."].join("\n"));
  },
};
