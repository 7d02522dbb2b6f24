import { readFileSync } from "node:fs";
import { basename, extname } from "node:path";
import { z } from "zod";
import { describeError, responseFormatFor } from "../../src/index.js";
import { connect } from "../../src/emulator/index.js";
import { aiQuerySql } from "./ai-query-sql.js";
import type { BatchFlags } from "./command.js";
import { ProgressView } from "./progress-view.js";
import { runBatchFile } from "./run-batch-file.js";
import { parseTemplate, type PromptTemplate } from "./template.js";

const say = (line: string): void => void process.stderr.write(`${line}\n`);

/**
 * `deployments batch` after the flags are parsed: checks them, prints SQL or connects and runs.
 * Returns the exit status (0 all answered, 1 some failed, 2 bad input, 130 interrupted).
 *
 * @example
 * process.exitCode = await runBatchCommand({ endpoint: "chat", input: "rows.jsonl", output: "answers.jsonl", progressEvery: 2000 });
 */
export async function runBatchCommand(flags: BatchFlags): Promise<number> {
  let template: PromptTemplate | undefined;
  let schema: z.ZodType | undefined;
  let schemaName: string | undefined;
  try {
    if (flags.template !== undefined) template = parseTemplate(readFileSync(flags.template, "utf8"));
    if (flags.schema !== undefined) ({ schema, schemaName } = readSchema(flags.schema));
  } catch (e) {
    say(`deployments batch: ${(e as Error).message}`);
    return 2;
  }
  if (flags.printSql !== undefined) {
    const responseFormat = schema === undefined ? undefined : responseFormatFor(schema, schemaName);
    process.stdout.write(aiQuerySql({ table: flags.printSql, endpoint: flags.endpoint, template, maxTokens: flags.maxTokens, temperature: flags.temperature, responseFormat }));
    return 0;
  }
  if (flags.input === undefined || flags.output === undefined) {
    say("deployments batch: give --input FILE and --output FILE (or --print-sql TABLE); see deployments batch --help");
    return 2;
  }
  const emulatorOnly = flags.target === "emulator";
  let connection;
  try {
    connection = await connect({
      ...(flags.target !== undefined && !emulatorOnly ? { target: flags.target } : {}),
      emulatorOnly,
      ...(flags.rateLimitWindow !== undefined ? { emulator: { rateLimitWindowMs: flags.rateLimitWindow } } : {}),
    });
  } catch (e) {
    say(`deployments batch: ${describeError(e).message}`);
    return 1;
  }
  const controller = new AbortController();
  const interrupt = (): void => controller.abort();
  process.once("SIGINT", interrupt);
  process.once("SIGTERM", interrupt);
  const view = new ProgressView(process.stderr, flags.progressEvery);
  try {
    if (connection.kind === "emulator") say(`batch: ${connection.description}`);
    const outcome = await runBatchFile({
      client: connection.client,
      endpoint: flags.endpoint,
      input: flags.input,
      output: flags.output,
      rows: { template, maxTokens: flags.maxTokens, temperature: flags.temperature },
      concurrency: flags.concurrency,
      schema,
      schemaName,
      retryFailed: flags.retryFailed === true,
      signal: controller.signal,
      onProgress: (state) => view.update(state),
    });
    view.done();
    if (outcome.kind === "bad-input") {
      for (const p of outcome.problems) say(p);
      say("deployments batch: nothing was sent");
      return 2;
    }
    for (const line of outcome.summary.lines({ ...outcome, output: flags.output })) say(line);
    return outcome.summary.failed > 0 || outcome.skippedFailed > 0 ? 1 : 0;
  } catch (e) {
    view.done();
    if (controller.signal.aborted) {
      say(`batch: interrupted; the rows that finished are in ${flags.output}: run the same command again to resume`);
      return 130;
    }
    say(`deployments batch: ${describeError(e).message}`);
    return e instanceof Error && /ENOENT/.test(e.message) ? 2 : 1;
  } finally {
    process.off("SIGINT", interrupt);
    process.off("SIGTERM", interrupt);
    await connection.close();
  }
}

/** A JSON Schema file (a bare object schema, or a `response_format` / `json_schema` wrapper) as a zod schema for `predict`'s `schema` option. */
function readSchema(path: string): { schema: z.ZodType; schemaName: string } {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new Error(`--schema ${path}: ${(e as Error).message}`);
  }
  let name = basename(path, extname(path)).replace(/[^A-Za-z0-9_-]/g, "_") || "response";
  let body = json as Record<string, unknown>;
  if (body !== null && typeof body === "object" && typeof body["json_schema"] === "object" && body["json_schema"] !== null) body = body["json_schema"] as Record<string, unknown>;
  if (body !== null && typeof body === "object" && typeof body["schema"] === "object" && body["schema"] !== null) {
    if (typeof body["name"] === "string") name = body["name"];
    body = body["schema"] as Record<string, unknown>;
  }
  if (body === null || typeof body !== "object" || body["type"] !== "object") throw new Error(`--schema ${path}: expected a JSON Schema with "type": "object"`);
  return { schema: z.fromJSONSchema(body as Parameters<typeof z.fromJSONSchema>[0]), schemaName: name };
}
