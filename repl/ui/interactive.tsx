import { homedir } from "node:os";
import { render } from "ink";
import { COMMANDS } from "../commands/index.js";
import { ChatController } from "../chat/controller.js";
import { InputHistory } from "../chat/input-history.js";
import { historyFile } from "../chat/paths.js";
import type { ChatSession } from "../chat/session.js";
import { terminalSafe } from "../chat/terminal-text.js";
import { App } from "./App.js";
import { forgetFrames } from "./log-update.js";
import { loadMarkdownRenderer, plainRenderer, type MarkdownRenderer } from "./render-markdown.js";

/** `~/…` for a path under the home folder: the header's transcript path then fits a 100-column line. */
function tildify(path: string): string {
  const home = homedir();
  return home.length > 1 && path.startsWith(home + "/") ? `~${path.slice(home.length)}` : path;
}

const BRACKETED_PASTE_ON = "\x1b[?2004h";
const BRACKETED_PASTE_OFF = "\x1b[?2004l";
const SHOW_CURSOR = "\x1b[?25h";

/** The header lines: version, target, endpoint, served model, and whether replies are simulated. */
export function headerLines(session: ChatSession, version: string): string[] {
  const simulated = session.simulated;
  return [
    `databricks-deployments ${version} · deployments chat`,
    `target: ${session.connection.description}`,
    `endpoint: ${session.conversation.endpoint} · model: ${session.model ?? "?"}${simulated ? " · SIMULATED replies" : ""}`,
    ...(session.tools.length > 0 ? [`tools (${session.toolsSource ?? "local"}): ${session.tools.map((t) => t.name).join(", ")} — the model may call them; /tools lists them`] : []),
    "/help commands · Enter send · Ctrl+J newline · Esc/Ctrl-C cancel · /exit leave",
    session.transcript ? `transcript: ${tildify(session.transcript.path)}` : "no transcript (--no-transcript)",
  ];
}

/** Opens the chat's session; `progress` shows a line above the UI (connecting, retries). */
export type OpenSession = (progress: (line: string) => void) => Promise<ChatSession>;

/**
 * Runs the Ink chat until the user leaves. The prompt is drawn first and the session opened
 * behind it (what is typed meanwhile is sent once it exists); a session that cannot be opened
 * takes the UI down again and its error is thrown. The terminal is restored on every way out:
 * /exit, Ctrl-C/Ctrl-D, SIGTERM/SIGHUP, or an unexpected error.
 *
 * @example
 * await runInteractive((progress) => openSession({ endpoint: "chat" }, progress));
 */
export async function runInteractive(open: OpenSession, markdown?: Promise<MarkdownRenderer>): Promise<number> {
  // The prompt does not wait for marked-terminal: replies arriving before it loads render as typed.
  const renderMarkdown = markdown ?? loadMarkdownRenderer();
  let unmount: () => void = () => undefined;
  // Neither the session nor the library (zod and the client, ~70 ms) is loaded before the prompt is drawn.
  const controller = new ChatController({
    commands: COMMANDS,
    history: InputHistory.load(historyFile()),
    onExit: () => unmount(),
    onScreenCleared: forgetFrames,
    connecting: true,
  });

  const restore = () => process.stdout.write(BRACKETED_PASTE_OFF + SHOW_CURSOR);
  process.on("exit", restore);
  process.stdout.write(BRACKETED_PASTE_ON);
  const instance = render(<App controller={controller} render={plainRenderer} upgrade={renderMarkdown} />, {
    exitOnCtrlC: false,
    maxFps: 30,
    // Only the rows that changed are written (a streamed reply changes one row a frame), where the
    // build put repl/ui/log-update.ts in place of Ink 6.8's writer, whose incremental mode is wrong.
    incrementalRendering: process.env.REPL_INK_LOG_UPDATE === "fixed",
  });
  unmount = () => instance.unmount();
  let left = false;
  let connected: ChatSession | undefined;
  let failure: unknown;
  void open((line) => {
    // Ink routes console output above its frame (patchConsole); written directly it would break the frame.
    if (!left) console.error(terminalSafe(line));
    else process.stderr.write(`${terminalSafe(line)}\n`);
  }).then(
    async (session) => {
      if (left) {
        // Left while connecting: nothing will use it.
        await session.close();
        return;
      }
      connected = session;
      // Already loaded by the session: this only hands it over.
      const library = await import("../../src/index.js");
      session.onRetry = (event) => controller.retryScheduled(event.delayMs, event.reason);
      // Resumed turns enter the scrollback once, rendered as they are then: wait for the Markdown
      // renderer first so they look like live replies (raw `**…**` otherwise).
      if (session.resumedFrom) await renderMarkdown.catch(() => plainRenderer);
      if (left) return;
      await controller.attach(
        {
          client: session.client,
          conversation: session.conversation,
          session: { kind: session.connection.kind, description: session.connection.description },
          library,
          transcript: session.transcript,
        },
        () => {
          controller.header(headerLines(session, library.VERSION));
          if (session.model) controller.setStatusModel(session.model);
          controller.setSimulated(session.simulated);
          if (session.resumedFrom) {
            controller.replay(session.conversation.turns);
            controller.print(`Resumed ${session.conversation.turns.length} turn(s) with ${session.conversation.endpoint} from ${session.resumedFrom}${session.resumeNote ? `\n(${session.resumeNote})` : ""}`);
          }
        },
      );
    },
    (error: unknown) => {
      // The session's error is the answer: take the (empty) UI down before it is printed.
      if (!left) {
        left = true;
        failure = error;
        controller.exit();
      }
    },
  );
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
    left = true;
    controller.exit();
    restore();
    process.off("SIGTERM", onSignal);
    process.off("SIGHUP", onSignal);
    process.off("uncaughtException", onCrash);
    process.off("unhandledRejection", onCrash);
    // Still connecting? Then the session is closed when it arrives (above).
    await connected?.close();
  }
  if (failure !== undefined) throw failure;
  return 0;
}
