import { basename, dirname, extname, join, resolve } from "node:path";
import { count } from "../batch/progress-line.js";
import type { SlashCommand } from "./types.js";

/** `rows.jsonl` → `rows.answers.jsonl`, beside it. */
export function answersPathFor(file: string): string {
  return join(dirname(file), `${basename(file, extname(file))}.answers.jsonl`);
}

/**
 * `/batch FILE`: runs every row of a JSONL or CSV file (`{"prompt": …}` or query inputs per line;
 * a `prompt` column) against the current endpoint with `client.predictBatch`, progress in the
 * status line, answers in `FILE.answers.jsonl` beside it (run it again to resume).
 *
 * @example
 * // /batch data/questions.jsonl
 */
export const batchCommand: SlashCommand = {
  name: "batch",
  args: "FILE",
  description: "Run every row of a .jsonl/.csv file against this endpoint; answers go to FILE.answers.jsonl beside it",
  async run(ctx, args) {
    if (args.trim() === "") {
      ctx.fail("Usage: /batch FILE (.jsonl: {\"prompt\": …} or query inputs per line; .csv: a prompt column)", "The command line does more: deployments batch --help");
      return;
    }
    const predictBatch = ctx.client.predictBatch?.bind(ctx.client);
    if (predictBatch === undefined) {
      ctx.fail("/batch: this client cannot run batches.");
      return;
    }
    const input = resolve(args.trim());
    const output = answersPathFor(input);
    const endpoint = ctx.conversation.endpoint;
    let shownAt = 0;
    let shownPaused = false;
    try {
      // Loaded on use: it needs the library, which the first frame does not wait for.
      const { runBatchFile } = await import("../batch/run-batch-file.js");
      const outcome = await runBatchFile({
        client: { predictBatch },
        endpoint,
        input,
        output,
        rows: {},
        onProgress: ({ progress: p, skipped, rows }) => {
          const now = Date.now();
          // A pause is always shown: no report comes while it lasts, so the line must say it now.
          const paused = p.pausedForMs > 0;
          if (!p.finished && paused === shownPaused && now - shownAt < 200) return;
          shownAt = now;
          shownPaused = paused;
          const wait = p.pausedForMs > 0 ? ` · rate limited ${Math.ceil(p.pausedForMs / 1000)} s` : "";
          const eta = p.etaMs !== undefined && !p.finished ? ` · ETA ${Math.ceil(p.etaMs / 1000)} s` : "";
          ctx.setActivity?.(`batch ${p.done + skipped}/${rows}${p.failed > 0 ? ` (${p.failed} failed)` : ""} · ${p.rowsPerSecond.toFixed(1)} rows/s${eta}${wait} · ${count(p.tokens)} tokens`);
        },
      });
      if (outcome.kind === "bad-input") {
        ctx.fail(`/batch: ${outcome.problems.join("\n")}`, "Nothing was sent. Fix the lines named above and run /batch again.");
        return;
      }
      ctx.print(outcome.summary.lines({ ...outcome, output }).join("\n"));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT") {
        ctx.fail(`/batch: there is no file ${input}.`);
        return;
      }
      throw error;
    } finally {
      ctx.setActivity?.(undefined);
    }
  },
};
