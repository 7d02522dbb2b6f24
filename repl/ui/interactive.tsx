import { homedir } from "node:os";
import { render } from "ink";
import { VERSION } from "../../src/index.js";
import { COMMANDS } from "../commands/index.js";
import { ChatController } from "../chat/controller.js";
import { InputHistory } from "../chat/input-history.js";
import { historyFile } from "../chat/paths.js";
import type { ChatSession } from "../chat/session.js";
import { App } from "./App.js";
import { loadMarkdownRenderer, plainRenderer, type MarkdownRenderer } from "./render-markdown.js";

/** `~/…` for a path under the home folder: the header's transcript path then fits a 100-column line. */
function tildify(path: string): string {
  const home = homedir();
  return home.length > 1 && path.startsWith(home + "/") ? `~${path.slice(home.length)}` : path;
}

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
    session.transcript ? `transcript: ${tildify(session.transcript.path)}` : "no transcript (--no-transcript)",
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
  session.onRetry = (event) => controller.retryScheduled(event.delayMs, event.reason);
  controller.header(headerLines(session));
  if (session.model) controller.setStatusModel(session.model);
  controller.setSimulated(session.simulated);
  if (session.resumedFrom) {
    controller.replay(session.conversation.turns);
    controller.print(`Resumed ${session.conversation.turns.length} turn(s) with ${session.conversation.endpoint} from ${session.resumedFrom}${session.resumeNote ? `\n(${session.resumeNote})` : ""}`);
  }
  // Resumed turns enter the scrollback once, rendered as they are then: wait for the Markdown
  // renderer first so they look like live replies (raw `**…**` otherwise).
  const initial = session.resumedFrom ? await renderMarkdown.catch(() => plainRenderer) : plainRenderer;

  const restore = () => process.stdout.write(BRACKETED_PASTE_OFF + SHOW_CURSOR);
  process.on("exit", restore);
  process.stdout.write(BRACKETED_PASTE_ON);
  const instance = render(<App controller={controller} render={initial} upgrade={renderMarkdown} />, { exitOnCtrlC: false, maxFps: 30 });
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
