import { existsSync, readFileSync } from "node:fs";
import { basename, extname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { z } from "zod";
import { DeploymentsError, responseFormatFor } from "../../src/index.js";

/** A structured-output schema the chat asks replies to follow (`/schema FILE`). */
export interface ChatSchema {
  /** `json_schema.name`: the file's base name, as letters, digits, `_` and `-`. */
  readonly name: string;
  readonly file: string;
  readonly schema: z.ZodType;
}

function isZod(value: unknown): value is z.ZodType {
  return value !== null && typeof value === "object" && typeof (value as { safeParse?: unknown }).safeParse === "function" && "_zod" in (value as object);
}

/**
 * Loads `/schema FILE`: a JSON Schema (`.json`, an object schema) or an ES module whose default
 * export (else first export) is a zod object schema. Checked against Databricks' limits at once,
 * so a schema it would refuse is an error here, not a 400 on the next message.
 *
 * @example
 * const s = await loadSchemaFile("./person.json"); // { name: "person", schema, file }
 */
export async function loadSchemaFile(file: string): Promise<ChatSchema> {
  const path = resolve(file);
  if (!existsSync(path)) throw new DeploymentsError(`/schema ${file}: no such file`);
  const name = basename(path, extname(path)).replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 64) || "response";
  let schema: z.ZodType;
  if (extname(path).toLowerCase() === ".json") {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(path, "utf8"));
    } catch (error) {
      throw new DeploymentsError(`/schema ${file}: not JSON: ${(error as Error).message}`);
    }
    if (json === null || typeof json !== "object" || (json as { type?: unknown }).type !== "object") {
      throw new DeploymentsError(`/schema ${file}: structured output needs a JSON Schema of "type": "object" at the top`);
    }
    schema = z.fromJSONSchema(json as Parameters<typeof z.fromJSONSchema>[0]);
  } else {
    const module = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
    const found = [module["default"], ...Object.values(module)].find(isZod);
    if (found === undefined) throw new DeploymentsError(`/schema ${file}: it exports no zod schema (export default z.object({ ... }))`);
    schema = found;
  }
  responseFormatFor(schema, name);
  return { name, file, schema };
}
