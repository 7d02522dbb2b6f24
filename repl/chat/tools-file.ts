import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { DeploymentsError, isTool, tool, type Tool } from "../../src/index.js";

/** A tool made by another copy of this package (a user's module resolving its own install): same shape, other class. */
function looksLikeTool(value: unknown): value is Tool {
  if (value === null || typeof value !== "object") return false;
  const v = value as { type?: unknown; function?: { name?: unknown }; parameters?: { safeParse?: unknown }; parseArguments?: unknown };
  return v.type === "function" && typeof v.function?.name === "string" && typeof v.parameters?.safeParse === "function" && typeof v.parseArguments === "function";
}

function collect(value: unknown, into: Tool[]): void {
  if (Array.isArray(value)) for (const v of value) collect(v, into);
  else if (isTool(value)) into.push(value);
  else if (looksLikeTool(value)) into.push(tool({ name: value.name, description: value.description, parameters: value.parameters, execute: value.execute }));
}

/**
 * Loads `--tools FILE`: an ES module (`.js`, `.mjs`; `.ts` under tsx) whose exports — named, or a
 * default array — are `tool()` objects. Throws a `DeploymentsError` that says what was expected.
 *
 * @example
 * const tools = await loadToolsFile("./my-tools.mjs"); // export const getWeather = tool({ ... })
 */
export async function loadToolsFile(file: string): Promise<Tool[]> {
  const path = resolve(file);
  if (!existsSync(path)) throw new DeploymentsError(`--tools ${file}: no such file`);
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (error) {
    throw new DeploymentsError(`--tools ${file}: could not load it: ${(error as Error).message}`, { cause: error });
  }
  const tools: Tool[] = [];
  for (const value of Object.values(module)) collect(value, tools);
  if (tools.length === 0) {
    throw new DeploymentsError(`--tools ${file}: it exports no tool() objects (export const getWeather = tool({ name, description, parameters: z.object({...}), execute }))`);
  }
  const names = new Set<string>();
  return tools.filter((t) => (names.has(t.name) ? false : (names.add(t.name), true)));
}
