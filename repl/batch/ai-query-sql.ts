import type { PromptTemplate } from "./template.js";

/**
 * What `--print-sql` turns into an `ai_query` statement: the run's endpoint, prompt, parameters
 * and response format.
 *
 * @example
 * const spec: AiQuerySpec = { table: "main.default.reviews", endpoint: "chat", maxTokens: 64 };
 */
export interface AiQuerySpec {
  readonly table: string;
  readonly endpoint: string;
  /** The prompt template; without one, the table's `prompt` column is the request. */
  readonly template?: PromptTemplate | undefined;
  readonly maxTokens?: number | undefined;
  readonly temperature?: number | undefined;
  /** The `response_format` `predict` sends for `--schema` (`{ type: "json_schema", json_schema: … }`). */
  readonly responseFormat?: Readonly<Record<string, unknown>> | undefined;
}

/**
 * The Databricks SQL statement that runs the same prompts over a table with `ai_query` on a SQL
 * warehouse: the request is the template as a `CONCAT` of literals and columns, `max_tokens` /
 * `temperature` go in `modelParameters`, the schema in `responseFormat`, and `failOnError => false`
 * keeps a failed row as an `errorMessage` instead of failing the query (as the command line does).
 *
 * @example
 * aiQuerySql({ table: "reviews", endpoint: "chat", template: parseTemplate("Classify: {{review}}") });
 */
export function aiQuerySql(spec: AiQuerySpec): string {
  const args = [sqlString(spec.endpoint), requestExpression(spec.template)];
  const params: string[] = [];
  if (spec.maxTokens !== undefined) params.push(`'max_tokens', ${Math.trunc(spec.maxTokens)}`);
  if (spec.temperature !== undefined) params.push(`'temperature', ${Number.isInteger(spec.temperature) ? spec.temperature.toFixed(1) : String(spec.temperature)}`);
  if (params.length > 0) args.push(`modelParameters => named_struct(${params.join(", ")})`);
  if (spec.responseFormat !== undefined) args.push(`responseFormat => ${sqlString(JSON.stringify(spec.responseFormat))}`);
  args.push("failOnError => false");
  return [
    `-- deployments batch as ai_query over a table (Databricks SQL, on a SQL warehouse).`,
    `-- With failOnError => false each row's response is a struct: result, errorMessage.`,
    `SELECT`,
    `  *,`,
    `  ai_query(`,
    args.map((a) => `    ${a}`).join(",\n"),
    `  ) AS response`,
    `FROM ${tableName(spec.table)};`,
    ``,
  ].join("\n");
}

function requestExpression(template: PromptTemplate | undefined): string {
  if (template === undefined) return identifier("prompt");
  const pieces: string[] = [];
  template.parts.forEach((part, i) => {
    if (part !== "") pieces.push(sqlString(part));
    const slot = template.slots[i];
    if (slot !== undefined) pieces.push(`CAST(${identifier(slot)} AS STRING)`);
  });
  return pieces.length === 1 ? pieces[0]! : `CONCAT(${pieces.join(", ")})`;
}

/** A SQL string literal: Databricks SQL reads backslash escapes inside quotes. */
function sqlString(text: string): string {
  return `'${text.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/\n/g, "\\n").replace(/\r/g, "\\r").replace(/\t/g, "\\t")}'`;
}

function identifier(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `\`${name.replace(/`/g, "``")}\``;
}

function tableName(table: string): string {
  return table.split(".").map(identifier).join(".");
}
