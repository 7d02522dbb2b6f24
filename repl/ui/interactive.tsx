import { render } from "ink";
import { VERSION } from "../../src/index.js";
import { COMMANDS } from "../commands/index.js";
import { ChatController } from "../chat/controller.js";
import { InputHistory } from "../chat/input-history.js";
import { historyFile } from "../chat/paths.js";
import type { ChatSession } from "../chat/session.js";
import { App } from "./App.js";
import { loadMarkdownRenderer, plainRenderer, type MarkdownRenderer } from "./render-markdown.js";

const BRACKETED_PASTE_ON = "\x1b[?2004h";
const BRACKETED_PASTE_OFF = "\x1b[?2004l";
const SHOW_CURSOR = "\x1b[?25h";

/** The header lines: target, endpoint, served model, and whether replies are simulated. */
export function headerLines(session: ChatSession): string[] {
  const simulated = session.simulated;
  return [
    `databricks-deployments ${VERSION} · deployments chat`,
    `target: ${session.connection.description}`,
    `endpoint: ${session.conversation.endpoint} · model: ${session.model ?? "?"}${simulated ? " · SIMULATED replies" : ""}`,
    "/help commands · Enter send · Ctrl+J newline · Esc/Ctrl-C cancel · /exit leave",
    session.transcript ? `transcript: ${session.transcript.path}` : "no transcript (--no-transcript)",
  ];
}

/**
 * Runs the Ink chat until the user leaves. The terminal is restored on every way out: /exit,
 * Ctrl-C/Ctrl-D, SIGTERM/SIGHUP, or an unexpected error.
 */
export async function runInteractive(session: ChatSession, markdown?: Promise<MarkdownRenderer>): Promise<number> {
  // The prompt does not wait for marked-terminal: replies arriving before it loads render as typed.
  const renderMarkdown = markdown ?? loadMarkdownRenderer();
  let unmount: () => void = () => undefined;
  const controller = new ChatController({
    client: session.client,
    conversation: session.conversation,
    session: { kind: session.connection.kind, description: session.connection.description },
    commands: COMMANDS,
    history: InputHistory.load(historyFile()),
    transcript: session.transcript,
    onExit: () => unmount(),
  });
  session.onRetry = (event) => controller.retryScheduled(event.delayMs);
  controller.header(headerLines(session));
  if (session.model) controller.setStatusModel(session.model);
  controller.setSimulated(session.simulated);
  if (session.resumedFrom) {
    controller.replay(session.conversation.turns);
    controller.print(`Resumed ${session.conversation.turns.length} turn(s) from ${session.resumedFrom}`);
  }

  const restore = () => process.stdout.write(BRACKETED_PASTE_OFF + SHOW_CURSOR);
  process.on("exit", restore);
  process.stdout.write(BRACKETED_PASTE_ON);
  const instance = render(<App controller={controller} render={plainRenderer} upgrade={renderMarkdown} />, { exitOnCtrlC: false, maxFps: 30 });
  unmount = () => instance.unmount();
  const onSignal = () => controller.exit();
  const onCrash = (error: unknown) => {
    instance.unmount();
    restore();
    process.stderr.write(`deployments chat: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGHUP", onSignal);
  process.on("uncaughtException", onCrash);
  process.on("unhandledRejection", onCrash);
  try {
    await instance.waitUntilExit();
  } finally {
    controller.exit();
    restore();
    process.off("SIGTERM", onSignal);
    process.off("SIGHUP", onSignal);
    process.off("uncaughtException", onCrash);
    process.off("unhandledRejection", onCrash);
  }
  return 0;
}
