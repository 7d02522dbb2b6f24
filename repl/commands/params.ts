import type { SlashCommand } from "./types.js";

export const paramsCommand: SlashCommand = {
  name: "params",
  description: "Show the endpoint, system prompt and generation parameters",
  run(ctx) {
    const c = ctx.conversation;
    const params = Object.entries(c.params);
    ctx.print([
      `endpoint:    ${c.endpoint}`,
      `system:      ${c.system ? JSON.stringify(c.system) : "(none)"}`,
      ...(params.length ? params.map(([k, v]) => `${(k + ":").padEnd(12)} ${JSON.stringify(v)}`) : ["parameters:  (endpoint defaults)"]),
    ].join("\n"));
  },
};
