// docs/emulator.md's fidelity matrix has exactly one row per route the emulator serves: a new
// route without a row, or a row for a route that is gone, fails here. The routes are read from
// the emulator's own router as it registers them, so a new route file is covered without a list.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Router } from "../../src/emulator/http/router.js";
import { startEmulator } from "../../src/emulator/index.js";

const root = fileURLToPath(new URL("../../", import.meta.url));

async function servedRoutes(): Promise<string[]> {
  const seen = new Set<string>();
  const on = Router.prototype.on;
  Router.prototype.on = function (this: Router<unknown>, method: string, pattern: string, handler: unknown) {
    seen.add(`${method} ${pattern.replace(/:([A-Za-z]+)/g, "{$1}")}`);
    return on.call(this, method, pattern, handler);
  } as typeof on;
  try {
    const emu = await startEmulator({ port: 0, seed: false });
    await emu.close();
  } finally {
    Router.prototype.on = on;
  }
  return [...seen].sort();
}

function matrixRoutes(): string[] {
  const page = readFileSync(join(root, "docs", "emulator.md"), "utf8");
  const matrix = /<!-- fidelity:start -->([\s\S]*?)<!-- fidelity:end -->/.exec(page)?.[1] ?? "";
  return [...matrix.matchAll(/^\| `([A-Z]+ [^`]+)` \|/gm)].map((m) => m[1]!).sort();
}

test("the fidelity matrix has one row per emulator route, and no other", async () => {
  const served = await servedRoutes();
  const rows = matrixRoutes();
  assert.ok(served.length > 20 && served.includes("POST /serving-endpoints/{name}/invocations"), `read ${served.length} routes from the router`);
  assert.equal(served.filter((r) => !rows.includes(r)), [], "routes without a row in docs/emulator.md");
  assert.equal(rows.filter((r) => !served.includes(r)), [], "rows for routes the emulator does not serve");
  assert.is(new Set(rows).size, rows.length, "a route listed twice");
});

test.run();
