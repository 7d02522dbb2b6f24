import { Command, InvalidArgumentError } from "commander";

interface BatchFlags {
  readonly endpoint: string;
  readonly target?: string;
  readonly input?: string;
  readonly output?: string;
  readonly concurrency?: number;
  readonly schema?: string;
  readonly template?: string;
  readonly maxTokens?: number;
  readonly temperature?: number;
  readonly retryFailed?: boolean;
  readonly printSql?: string;
  readonly rateLimitWindow?: number;
  readonly progressEvery: number;
}

function numberIn(name: string, min: number, max: number, integer = false) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === "" || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
      throw new InvalidArgumentError(`${name} must be ${integer ? "an integer" : "a number"} between ${min} and ${max}`);
    }
    return n;
  };
}

/**
 * `deployments batch`: a prompt over every row of a JSONL or CSV file, answers appended to a JSONL
 * file as they come; resumable; rate-limit aware; `--print-sql TABLE` prints the same run as an
 * `ai_query` statement instead. Exit 0 when every row was answered, 1 when some failed, 2 on bad
 * input (nothing sent).
 *
 * @example
 * program.addCommand(batchCommand());
 */
export function batchCommand(): Command {
  return new Command("batch")
    .description("Run a prompt over every row of a JSONL or CSV file (rate-limit aware, resumable), or print the same run as a Databricks SQL ai_query statement")
    .option("-e, --endpoint <name>", "serving endpoint to query", "chat")
    .option("-t, --target <uri>", "databricks, databricks://PROFILE, or emulator (default: credentials from env/~/.databrickscfg, else the embedded emulator)")
    .option("-i, --input <file>", "rows.jsonl (a query-inputs object, {\"prompt\": …}, or template fields per line) or rows.csv (one column per template field)")
    .option("-o, --output <file>", "answers.jsonl: one line per row; run again with the same file to resume")
    .option("-c, --concurrency <n>", "most rows in flight (lowered on 429/503, raised back as calls succeed)", numberIn("--concurrency", 1, 1024, true))
    .option("--schema <file>", "JSON Schema (an object schema) of each reply: structured output per row")
    .option("--template <file>", "prompt template with {{field}} placeholders, filled from each row's fields")
    .option("--max-tokens <n>", "max_tokens of every row that does not set its own", numberIn("--max-tokens", 1, 1_000_000, true))
    .option("--temperature <x>", "temperature of every row that does not set its own, 0–2", numberIn("--temperature", 0, 2))
    .option("--retry-failed", "send the rows the output recorded as failed again")
    .option("--print-sql <table>", "print the equivalent ai_query statement over TABLE and exit (nothing is sent)")
    .option("--rate-limit-window <ms>", "the embedded emulator's rate-limit \"minute\" (a fast clock for demos)", numberIn("--rate-limit-window", 1, 3_600_000, true))
    .option("--progress-every <ms>", "without a terminal: a progress line this often (and at every tenth of the rows)", numberIn("--progress-every", 1, 3_600_000, true), 2_000)
    .addHelpText("after", `
Input lines (JSONL):
  {"messages": [{"role": "user", "content": "…"}], "max_tokens": 16}   query inputs, sent as they are
  {"prompt": "…"}                                                    one user message
  {"review": "…", "product": "…"}                                    fields, with --template FILE
CSV: a header row, one column per template field (or a \`prompt\` column).

Output lines: {"index", "input", "output", "usage", "latency_ms", "attempts"} or {"index", "input", "error": {…}}.
Running again with the same --output skips the rows it holds (an edited input is refused); --retry-failed
sends the failed ones again. Progress goes to stderr: a bar on a terminal, plain lines otherwise.

Exit status: 0 every row answered · 1 some rows failed · 2 bad input or flags (nothing sent).

Examples:
  deployments batch -e chat --input rows.jsonl --output answers.jsonl
  deployments batch -e chat --input reviews.csv --template prompt.txt --schema label.json --output labels.jsonl -c 16
  deployments batch -e chat --template prompt.txt --max-tokens 64 --print-sql main.default.reviews
See docs/batch.md for when to switch to ai_query and what differs.`)
    .action(async (flags: BatchFlags) => {
      const { runBatchCommand } = await import("./run-command.js");
      process.exitCode = await runBatchCommand(flags);
      setTimeout(() => process.exit(), 1000).unref();
    });
}

export type { BatchFlags };
