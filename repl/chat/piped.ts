import { describeError, responsesBodyOf } from "../../src/index.js";
import { advise } from "./advice.js";
import { retryLine } from "./progress.js";
import { toolCallText } from "./tool-call-text.js";
import type { ChatSession } from "./session.js";
import { TerminalText, terminalSafe } from "./terminal-text.js";

/** Reads all of stdin (piped input). */
export async function readStdin(stream: NodeJS.ReadableStream = process.stdin): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}

/** Options of {@link runPiped}. */
export interface PipedOptions {
  /** Print the raw JSON response instead of the reply's text. */
  json: boolean;
  /** Keep the reply's bytes as the model sent them, control sequences included (`--raw`). */
  raw?: boolean;
  out?: NodeJS.WritableStream;
  err?: NodeJS.WritableStream;
}

/**
 * The non-interactive chat: one question, the reply streamed as plain text to stdout (or, with
 * `json`, the raw response). Errors go to stderr with what to do; returns the exit status. The
 * reply's terminal control sequences (clipboard writes, titles, screen clears, links) are removed
 * unless `raw`; error lines always lose them.
 *
 * @example
 * const status = await runPiped(session, "What is MLflow?", { json: false });
 */
export async function runPiped(session: ChatSession, question: string, options: PipedOptions): Promise<number> {
  const out = options.out ?? process.stdout;
  const err = options.err ?? process.stderr;
  const conversation = session.conversation;
  // A rate-limited request waits (up to a minute) before its retry: say so on stderr, not silence.
  session.onRetry = (event) => err.write(`deployments chat: ${terminalSafe(retryLine(event))}\n`);
  // `deployments chat … | head -1`: a closed pipe ends the answer quietly, like any Unix filter.
  out.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") { conversation.cancel(); process.exit(0); }
    throw error;
  });
  try {
    if (options.json && conversation.api !== "chat") {
      const inputs = responsesBodyOf({ messages: [...conversation.messages(), { role: "user", content: question }], ...conversation.params });
      const response = await session.client.predictResponse({ endpoint: conversation.endpoint, inputs, route: conversation.api === "agent" ? "invocations" : "responses" });
      out.write(JSON.stringify(response, null, 2) + "\n");
      return 0;
    }
    if (options.json) {
      const response = await session.client.predict({
        endpoint: conversation.endpoint,
        inputs: { messages: [...conversation.messages(), { role: "user", content: question }], ...conversation.params },
      });
      out.write(JSON.stringify(response, null, 2) + "\n");
      return 0;
    }
    const reply = conversation.send(question);
    const clean = options.raw === true ? undefined : new TerminalText();
    let last = "";
    const write = (text: string) => {
      if (text === "") return;
      out.write(text);
      last = text;
    };
    reply.onDelta((delta) => write(clean ? clean.push(delta) : delta));
    // Tool calls go to stderr, so stdout stays the answer alone (pipe-friendly).
    reply.onToolCall((call) => {
      if (call.status !== "running") err.write(`${options.raw === true ? toolCallText(call) : terminalSafe(toolCallText(call))}\n`);
    });
    const turn = await reply;
    write(clean?.end() ?? "");
    out.write(last.endsWith("\n") ? "" : "\n");
    if (turn.simulated && (err as NodeJS.WriteStream).isTTY) err.write("(simulated reply: no upstream model behind this endpoint)\n");
    session.transcript?.save(conversation);
    return 0;
  } catch (error) {
    const facts = describeError(error);
    const hint = advise(facts, false);
    err.write(`\ndeployments chat: ${terminalSafe(facts.message)}\n${hint ? terminalSafe(hint) + "\n" : ""}`);
    return 1;
  }
}
