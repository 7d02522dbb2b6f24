import { Command, InvalidArgumentError, Option } from "commander";
import { advise } from "./advice.js";
import { terminalSafe } from "./terminal-text.js";
import { eraseNpmBanner } from "./npm-banner.js";
import { dataDir, DATA_DIR_ENV } from "./paths.js";
import type { ChatFlags, ChatSession } from "./session.js";

/**
 * The Ink UI as `deployments chat` needs it (repl/ui/interactive.tsx). Passed in by the command
 * line, so the chat logic never imports the UI: the dependency points from repl/ui to repl/chat.
 *
 * @example
 * const loadInk: ChatCommandOptions["interactive"] = async () => ({ runInteractive: async () => 0 });
 * chatCommand({ interactive: loadInk });
 */
export interface ChatCommandOptions {
  readonly interactive: () => Promise<{ runInteractive(open: (progress: (line: string) => void) => Promise<ChatSession>): Promise<number> }>;
}

interface RawFlags {
  endpoint?: string;
  target?: string;
  profile?: string;
  emulator?: boolean;
  system?: string;
  temperature?: number;
  maxTokens?: number;
  resume?: boolean;
  json?: boolean;
  raw?: boolean;
  transcript: boolean;
  tools?: string;
  demoTools?: boolean;
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
 * `deployments chat`: the Ink REPL on a terminal; plain streamed text when a question is given
 * or stdin is piped. Ink, React and the Markdown renderer load only for the interactive UI.
 *
 * @example
 * program.addCommand(chatCommand({ interactive: loadInk })); // loadInk: see ChatCommandOptions
 */
export function chatCommand(options: ChatCommandOptions): Command {
  return new Command("chat")
    .description("Chat with a serving endpoint: an interactive terminal REPL, or one question answered on stdout")
    .argument("[question...]", "ask this and print the reply (no UI); stdin is appended when piped")
    .option("-e, --endpoint <name>", "serving endpoint to talk to (default: `chat`, else the first chat endpoint)")
    .option("-t, --target <uri>", "databricks, databricks://PROFILE, or emulator (default: credentials from env/~/.databrickscfg; the emulator only when nothing is configured)")
    .option("-p, --profile <name>", "profile in ~/.databrickscfg (same as --target databricks://NAME)")
    .option("--emulator", "use the embedded emulator, whatever is configured")
    .option("-s, --system <text>", "system prompt")
    .option("--temperature <x>", "sampling temperature, 0–2", numberIn("--temperature", 0, 2))
    .option("--max-tokens <n>", "upper bound on each reply's tokens", numberIn("--max-tokens", 1, 1_000_000, true))
    .option("-r, --resume", "continue the last session's transcript")
    .option("--json", "print the raw JSON response (non-interactive)")
    .option("--raw", "print the reply's bytes as sent, terminal control sequences included (non-interactive; for a pipe that wants them)")
    .addOption(new Option("--no-transcript", "do not save this session's transcript"))
    .option("--tools <file>", "give the model local tools: an ES module exporting tool() objects (the chat runs the tool loop)")
    .option("--demo-tools", "give the model the built-in demo tools get_weather, get_time, calculate (try: get weather in Paris)")
    .addHelpText("after", `
Interactive keys: Enter sends, Ctrl+J / Shift+Enter new line, Esc or Ctrl-C cancels a reply, Ctrl-C on an
empty line exits, ↑/↓ history, Tab completes. Type /help inside for the slash commands.

Data (input history, transcripts): ${dataDir()} (set ${DATA_DIR_ENV} to move it).

Examples:
  deployments chat                                   # REPL (the emulator when no credentials are set)
  deployments chat -e chat "What is MLflow?"         # one answer, streamed to stdout
  echo "Summarise this" | deployments chat -e chat   # piped
  deployments chat -e chat --json "Hi"               # the raw response
  deployments chat --demo-tools                      # a tool loop on the emulator: "get weather in Paris"
  deployments chat -e agent                          # the seeded ResponsesAgent endpoint`)
    .action(async (words: string[], raw: RawFlags) => {
      process.exitCode = await runChat(words, raw, options);
      // Everything is closed by now; should some library still hold the event loop, don't hang the shell.
      setTimeout(() => process.exit(), 1000).unref();
    });
}

/** Prints why the session could not be opened; the exit status. */
async function cannotOpen(error: unknown): Promise<number> {
  // Imported here, not at the top, to keep the library out of start-up (session.js has loaded it by now).
  const { describeError } = await import("../../src/index.js");
  const facts = describeError(error);
  const hint = advise(facts, false);
  process.stderr.write(`deployments chat: ${terminalSafe(facts.message)}\n${hint ? terminalSafe(hint) + "\n" : ""}`);
  return 1;
}

async function runChat(words: string[], raw: RawFlags, options: ChatCommandOptions): Promise<number> {
  const stdinPiped = !process.stdin.isTTY;
  const interactive = words.length === 0 && !stdinPiped && process.stdout.isTTY === true && !raw.json;
  if (interactive) {
    // Ink renders only a final frame when CI or CONTINUOUS_INTEGRATION is set, read once as it
    // loads. Both ends of this session are a terminal, so someone is typing: give them the live UI.
    delete process.env["CI"];
    delete process.env["CONTINUOUS_INTEGRATION"];
    // Before anything else is printed: under `npm start`, npm's banner is right above the cursor.
    eraseNpmBanner(process.stdout, process.env, process.argv.slice(3));
  }
  // React's development build (what an unset NODE_ENV selects) checks and traces every render:
  // about twice the CPU per streamed frame and a slower first screen. The REPL is an application,
  // not a library under test: it always runs React's production build.
  // (Assigned through Object.assign: the build defines `process.env.NODE_ENV` as a constant.)
  if (interactive) Object.assign(process.env, { NODE_ENV: "production" });
  // Start loading the UI while connecting: both take a few hundred ms.
  const ui = interactive ? options.interactive() : undefined;
  // Don't let an early failure of the background load become an unhandled rejection; awaited below.
  ui?.catch(() => undefined);
  let question = words.join(" ").trim();
  if (!interactive && stdinPiped) {
    const { readStdin } = await import("./piped.js");
    const piped = (await readStdin()).trim();
    question = [question, piped].filter((s) => s !== "").join("\n\n");
  }
  if (!interactive && question === "") {
    process.stderr.write("deployments chat: nothing to ask: give a question, pipe one on stdin, or run on a terminal for the REPL\n");
    return 2;
  }
  const flags: ChatFlags = {
    endpoint: raw.endpoint, target: raw.emulator === true ? "emulator" : raw.profile !== undefined ? `databricks://${raw.profile}` : raw.target, system: raw.system, temperature: raw.temperature, maxTokens: raw.maxTokens,
    // Piped questions keep no transcript of their own, but one that --resume continues is kept up to date.
    resume: raw.resume === true, transcript: interactive || raw.resume === true ? raw.transcript : false,
    ...(raw.tools !== undefined ? { tools: raw.tools } : {}), ...(raw.demoTools === true ? { demoTools: true } : {}),
  };
  if (interactive && ui) {
    // The prompt first, the session behind it: the UI opens it (and closes it) once it is drawn.
    const { runInteractive } = await ui;
    try {
      return await runInteractive(async (progress) => (await import("./session.js")).openSession(flags, progress));
    } catch (error) {
      return await cannotOpen(error);
    }
  }
  const { openSession } = await import("./session.js");
  let session;
  try {
    // Said at once: the lines go to stderr, before the answer on stdout.
    session = await openSession(flags, (line) => process.stderr.write(`${terminalSafe(line)}\n`));
  } catch (error) {
    return await cannotOpen(error);
  }
  try {
    const { runPiped } = await import("./piped.js");
    return await runPiped(session, question, { json: raw.json === true, raw: raw.raw === true });
  } finally {
    await session.close();
  }
}
