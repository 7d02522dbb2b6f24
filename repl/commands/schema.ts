import type { SlashCommand } from "./types.js";

export const schemaCommand: SlashCommand = {
  name: "schema",
  args: "FILE|off",
  description: "Ask for structured output: replies follow the JSON Schema (.json) or zod schema (module) in FILE and show the parsed object; /schema off stops",
  async run(ctx, args) {
    const arg = args.trim();
    if (arg === "") {
      if (ctx.schema) ctx.print(`Structured output: schema ${ctx.schema.name} (${ctx.schema.file}). /schema off to stop.`);
      else ctx.fail("No schema set.", "Give one: /schema FILE (a .json JSON Schema of an object, or a module exporting a zod object).");
      return;
    }
    if (arg === "off") {
      ctx.setSchema(undefined);
      ctx.print("Structured output off: replies are text again.");
      return;
    }
    const { loadSchemaFile } = await import("../chat/schema-file.js");
    const schema = await loadSchemaFile(arg);
    ctx.setSchema(schema);
    ctx.print(`Structured output on: each message is answered as JSON valid against ${schema.name} (${arg}), shown parsed. These answers are not added to the conversation. /schema off to stop.`);
  },
};
