// Shared setup of the REPL suites: a seeded emulator, a controller wired like the real app, the
// App rendered by ink-testing-library, and a wait on the frames (eventually(), deadlines scaled by TEST_TIME_SCALE).
import { join } from "node:path";
import { render } from "ink-testing-library";
import * as library from "../../src/index.js";
import { Conversation, type DatabricksDeploymentClient } from "../../src/index.js";
import { startEmulator, type Emulator } from "../../src/emulator/index.js";
import { ChatController } from "../../repl/chat/controller.js";
import { InputHistory } from "../../repl/chat/input-history.js";
import { Transcript } from "../../repl/chat/transcripts.js";
import { COMMANDS } from "../../repl/commands/index.js";
import { App } from "../../repl/ui/App.js";
import { plainRenderer, type MarkdownRenderer } from "../../repl/ui/render-markdown.js";
import { eventually } from "../helpers/eventually.js";
import { tempDir } from "../helpers/temp-dir.js";

export const strip = (s: string | undefined): string => (s ?? "").replace(/\x1b\[[0-9;]*m/g, "");

export async function startSeeded(callsPerMinute = 1000): Promise<Emulator> {
  const emulator = await startEmulator({ seed: true, streamDelayMs: 0, deployDelayMs: 0 });
  await emulator.client().updateEndpointRateLimits({ endpoint: "chat", config: { rate_limits: [{ calls: callsPerMinute, key: "user", renewal_period: "minute" }] } });
  return emulator;
}

export interface Harness {
  readonly controller: ChatController;
  readonly client: DatabricksDeploymentClient;
  readonly dir: string;
  readonly written: string[];
  exited: boolean;
  type(data: string): void;
  frame(): string;
  waitFor(test: (frame: string) => boolean, what: string, timeoutMs?: number): Promise<string>;
  unmount(): void;
}

/** Recorded in `written` where the controller says it cleared the screen (Ink's frame writer forgets its frame). */
export const SCREEN_CLEARED = "<screen cleared>";

export function mount(emulator: Emulator, options: { render?: MarkdownRenderer; client?: DatabricksDeploymentClient } = {}): Harness {
  const dir = tempDir("h4-repl-");
  const client = options.client ?? emulator.client();
  const written: string[] = [];
  const harness = {} as Harness;
  const controller = new ChatController({
    client,
    conversation: new Conversation({ client, endpoint: "chat" }),
    session: { kind: "emulator", description: `emulator at ${emulator.url}` },
    library,
    commands: COMMANDS,
    history: InputHistory.load(join(dir, "history.jsonl")),
    transcript: new Transcript(join(dir, "transcripts"), "chat"),
    flushMs: 10,
    writeTerminal: (data) => void written.push(data),
    onScreenCleared: () => void written.push(SCREEN_CLEARED),
    onExit: () => { harness.exited = true; },
  });
  const app = render(<App controller={controller} render={options.render ?? plainRenderer} />);
  Object.assign(harness, {
    controller, client, dir, written, exited: false,
    type: (data: string) => app.stdin.write(data),
    frame: () => strip(app.lastFrame()),
    waitFor(test: (frame: string) => boolean, what: string, timeoutMs = 5000) {
      return eventually(() => {
        const frame = strip(app.lastFrame());
        return test(frame) ? frame : false;
      }, { timeoutMs, message: () => `${what}; last frame:\n${strip(app.lastFrame())}` });
    },
    unmount: () => app.unmount(),
  });
  return harness;
}

/**
 * Lets Ink's input parser and React settle after a write — only before a NEGATIVE assertion
 * (nothing was sent, nothing changed). Anything positive waits for it with `waitFor`/`eventually`.
 */
export const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));
