// The build keeps function names (keepNames: a class that refers to itself would otherwise be
// named `_ValidationError`), and esbuild does it by wrapping every closure bound to a name
// (`const f = () => …`, `{ f: () => … }`) in `__name(…)`, an `Object.defineProperty` call each time
// the closure is made. Made once per request, that showed: the fetch transport's five named
// closures per call were about a third of its CPU per call, measured in process over a fake fetch.
// So the modules every request or stream passes through make none: methods, module functions, or
// closures passed straight as arguments (which esbuild leaves unnamed). This reads the built files.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";

const dist = new URL("../../dist/esm/", import.meta.url).pathname;
const builtFiles = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? builtFiles(join(dir, e.name)) : e.name.endsWith(".js") ? [join(dir, e.name)] : []));

/** Per source module (esbuild's `// src/…` markers), the built lines that name a closure inside a function; and every module seen. */
function namedClosures(): { found: Map<string, string[]>; seen: Set<string> } {
  const found = new Map<string, string[]>();
  const seen = new Set<string>();
  for (const file of builtFiles(dist)) {
    let source: string | undefined;
    for (const line of readFileSync(file, "utf8").split("\n")) {
      const marker = /^\/\/ (\S+\.[cm]?[jt]sx?)$/.exec(line);
      if (marker) {
        source = marker[1];
        seen.add(source!);
        continue;
      }
      // Indented: inside a function or an object (a class's `static { __name(this, …) }` runs once).
      if (source !== undefined && /^\s+.*\b__name\d*\((?!this,)/.test(line)) found.set(source, [...(found.get(source) ?? []), line.trim()]);
    }
  }
  return { found, seen };
}

// What each request, stream or streamed reply runs through, on the client and in the emulator.
const HOT = [
  "src/client/request/node-transport.ts", "src/client/request/fetch-transport.ts", "src/client/request/attempt.ts",
  "src/client/request/pipeline.ts", "src/client/request/bounded-body.ts", "src/client/request/transport-error.ts",
  "src/client/resources/invocations.ts", "src/client/resources/responses.ts",
  "src/client/streaming/event-stream.ts", "src/client/streaming/sse-decoder.ts",
  "src/emulator/http/node-server.ts",
];

// Named closures those modules may make, each made far less often than once per request.
const ALLOWED: Record<string, readonly string[]> = {
  "src/emulator/http/node-server.ts": [
    "afterReply", // once per server
    "done", // once per wait for "drain": only while a slow reader holds a streamed reply back
  ],
};
const closureName = (line: string): string | undefined => /__name\d*\(.*, "([^"]+)"\)[,;)]*$/.exec(line)?.[1] ?? /^(?:const|let|var)\s+(\w+)/.exec(line)?.[1];

const { found, seen } = namedClosures();

test("the scan finds named closures where they are (a check over nothing proves nothing)", () => {
  // predictBatch names its helpers once per batch, which is fine, and is where the scan must see them.
  const batch = found.get("src/client/batch/predict-batch.ts") ?? [];
  assert.ok(batch.some((l) => closureName(l) === "launch"), `no named closure found in predict-batch.ts: ${JSON.stringify(batch)} (build first?)`);
  for (const hot of HOT) assert.ok(seen.has(hot), `${hot} is not in the build (renamed? update HOT)`);
});

test("no module on the per-request path makes a named closure per call", () => {
  const offenders = HOT.flatMap((s) => {
    const lines = (found.get(s) ?? []).filter((l) => !(ALLOWED[s] ?? []).includes(closureName(l) ?? ""));
    return lines.length === 0 ? [] : [`${s}:\n    ${lines.join("\n    ")}`];
  });
  assert.equal(offenders, [], `write these as methods, module functions or closures passed as arguments:\n  ${offenders.join("\n  ")}`);
});

test.run();
