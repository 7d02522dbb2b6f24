import type { SlashCommand } from "./types.js";

export const toolsCommand: SlashCommand = {
  name: "tools",
  description: "List the local tools the model may call (--tools FILE, --demo-tools)",
  run(ctx) {
    const tools = ctx.conversation.tools;
    if (tools.length === 0) {
      ctx.fail("No tools in this chat.", "Start with --demo-tools (get_weather, get_time, calculate) or --tools FILE (a module exporting tool() objects).");
      return;
    }
    const lines = tools.map((t) => {
      const props = Object.keys((t.jsonSchema["properties"] as Record<string, unknown> | undefined) ?? {});
      return `  ${t.name}(${props.join(", ")})${t.description ? ` — ${t.description}` : ""}`;
    });
    ctx.print(["Tools (the model decides when to call them; each call shows here as it runs):", ...lines, "", `At most ${ctx.conversation.maxToolSteps} tool rounds per message.`].join("\n"));
  },
};
