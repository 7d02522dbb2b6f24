// One fake client for the conversation and REPL suites: each predictStream call plays the next
// script. A script reports where it is (`parked` resolves when it reaches its gate or starts
// hanging; `finished` when it has yielded its last chunk), so tests wait on the script, not on
// the clock.
import type { ConversationMessage } from "../../src/index.js";
import type { ChatClient } from "../../repl/chat/types.js";

/**
 * What one call streams.
 *
 * @example
 * const script: Script = { chunks: textChunks(["Hel", "lo"]), pauseAt: 1 };
 */
export interface Script {
  readonly chunks?: readonly unknown[];
  /** Thrown before the first chunk, or before chunk `failAfter` when that is set. */
  readonly error?: Error;
  readonly failAfter?: number;
  /** Pause before each chunk, in ms (default 1; 0 delivers the chunks back to back). */
  readonly gapMs?: number;
  /** Stop before chunk `pauseAt` until `release()`; `parked` resolves when it gets there. */
  readonly pauseAt?: number;
  /** After the last chunk, wait until the request is aborted (`parked` resolves then too). */
  readonly hang?: boolean;
}

/** One recorded call. */
export interface ScriptedCall {
  readonly endpoint: string;
  readonly inputs: Record<string, unknown> & { messages: ConversationMessage[] };
  readonly signal?: AbortSignal;
  /** How often the caller asked for the reply to be read (`SendOptions.batchMs`), when it did. */
  readonly batchMs?: number;
}

/**
 * A `ChatClient` (so also a `ChatStreamClient`) that plays scripts.
 *
 * @example
 * const fake = scriptedClient([{ chunks: textChunks(["a", "b"]), pauseAt: 1 }]);
 * await fake.parked; fake.release(); await fake.finished;
 */
export interface ScriptedClient extends ChatClient {
  readonly calls: ScriptedCall[];
  /** Resolves when the current script reaches its gate (`pauseAt`) or starts hanging (`hang`). */
  readonly parked: Promise<void>;
  /** Resolves when the current script has yielded all its chunks. */
  readonly finished: Promise<void>;
  /** Opens the gate. */
  release(): void;
}

/**
 * Chat chunks (`delta.content`) for text pieces, reporting `model`.
 *
 * @example
 * textChunks(["Hel", "lo"]); // two chat.completion.chunk objects
 */
export function textChunks(pieces: readonly string[], model = "m"): unknown[] {
  return pieces.map((content) => ({ model, choices: [{ index: 0, delta: { content } }] }));
}

/**
 * A fake client playing `scripts`, one per call (an empty stream once they run out).
 *
 * @example
 * const fake = scriptedClient([{ chunks: textChunks(["hi"]), hang: true }]);
 */
export function scriptedClient(scripts: readonly Script[]): ScriptedClient {
  const queue = [...scripts];
  const calls: ScriptedCall[] = [];
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let park!: () => void;
  const parked = new Promise<void>((resolve) => (park = resolve));
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  return {
    calls,
    parked,
    finished,
    release: () => release(),
    listEndpoints: async () => [{ name: "fake" }],
    getEndpoint: async () => ({ name: "fake" }),
    predictStream(args) {
      calls.push(args as ScriptedCall);
      const script = queue.shift() ?? { chunks: [] };
      return (async function* () {
        if (script.error && script.failAfter === undefined) throw script.error;
        const chunks = script.chunks ?? [];
        for (let i = 0; i < chunks.length; i++) {
          if (script.failAfter === i) throw script.error;
          if (i === script.pauseAt) { park(); await gate; }
          const gapMs = script.gapMs ?? 1;
          if (gapMs > 0) await new Promise((r) => setTimeout(r, gapMs));
          yield chunks[i];
        }
        finish();
        if (script.hang) {
          park();
          await new Promise((resolve) => args.signal?.addEventListener("abort", resolve, { once: true }));
        }
      })();
    },
  };
}
