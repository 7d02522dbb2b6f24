import type { GenerationParams } from "../../src/index.js";
import type { SlashCommand } from "./types.js";

const NAMES = ["temperature", "max_tokens", "stop", "top_p"] as const;
type Name = (typeof NAMES)[number];

function parseValue(name: Name, raw: string): GenerationParams[Name] | undefined {
  if (raw === "-" || raw === "none") return undefined;
  if (name === "stop") {
    if (raw.startsWith("[")) return JSON.parse(raw) as string[];
    return raw.split(",").map((s) => s.trim()).filter((s) => s !== "").map((s) => s.replace(/\\n/g, "\n"));
  }
  const n = Number(raw);
  if (raw === "" || !Number.isFinite(n)) throw new Error(`${name} must be a number, got ${JSON.stringify(raw)}`);
  return n;
}

export const setCommand: SlashCommand = {
  name: "set",
  args: "NAME VALUE",
  description: "Set temperature | max_tokens | stop | top_p | extra.KEY (VALUE - unsets; stop takes a,b or a JSON array)",
  completes: "parameter names",
  complete: () => NAMES,
  run(ctx, args) {
    const match = /^(\S+)\s*([\s\S]*)$/.exec(args.trim());
    const extra = /^extra\.(\w+)$/.exec(match?.[1] ?? "");
    if (extra) {
      const key = extra[1] as string;
      const raw = (match?.[2] ?? "").trim();
      const current = { ...ctx.conversation.params.extra_params };
      if (raw === "" || raw === "-") delete current[key];
      else current[key] = raw;
      ctx.conversation.setParams({ extra_params: Object.keys(current).length ? current : undefined });
      ctx.print(raw === "" || raw === "-" ? `extra_params.${key} unset` : `extra_params.${key} = ${JSON.stringify(raw)}`);
      return;
    }
    const name = match?.[1] as Name | undefined;
    if (!name || !NAMES.includes(name)) {
      ctx.fail(`Usage: /set ${NAMES.join("|")} VALUE`, "For example /set temperature 0.2, /set max_tokens 256, /set stop END, /set temperature -");
      return;
    }
    const raw = (match?.[2] ?? "").trim();
    if (raw === "") {
      ctx.fail(`/set ${name} needs a value.`, `Use - to unset it.`);
      return;
    }
    const params = ctx.conversation.setParams({ [name]: parseValue(name, raw) });
    ctx.print(`${name} = ${params[name] === undefined ? "(endpoint default)" : JSON.stringify(params[name])}`);
  },
};
