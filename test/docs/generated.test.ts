// The generated blocks of the pages (the REPL's keys and commands, the error codes, the layer
// rule, the README's quick start) match the code they are generated from: `npm run docs` after a
// change to KEY_HELP, COMMANDS, ERROR_CODES, the import rule or examples/quickstart.mts.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { COMMANDS } from "../../repl/commands/index.js";
import { KEY_HELP } from "../../repl/ui/keys.js";
import { ERROR_CODES } from "../../src/errors/error-codes.js";
import { PAGES, regenerate, replCommandsTable, stalePages } from "../../scripts/docs.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const page = (p: string): string => readFileSync(join(root, p), "utf8");

test("every generated block is up to date (run `npm run docs`)", () => {
  assert.equal(stalePages(), []);
});

test("each page holds the blocks it is meant to (a missing marker would pass the check above)", () => {
  assert.ok(PAGES.includes("docs/repl.md"));
  assert.match(page("docs/repl.md"), /<!-- generated:repl-keys:start -->\n\| keys \| does \|/);
  assert.match(page("docs/repl.md"), /<!-- generated:repl-commands:start -->\n\| command \|/);
  assert.match(page("docs/errors.md"), /<!-- generated:error-codes:start -->\n\|/);
  assert.match(page("docs/architecture.md"), /<!-- generated:layers:start -->\n\|/);
  assert.match(page("README.md"), /<!-- include:examples\/quickstart\.mts -->\n```ts\n/);
});

test("the REPL page lists every command, alias and key of the code", () => {
  const repl = page("docs/repl.md");
  for (const c of COMMANDS) for (const n of [c.name, ...(c.aliases ?? [])]) assert.ok(repl.includes(`\`/${n}`), `/${n}`);
  for (const k of KEY_HELP) assert.ok(repl.includes(`| ${k.keys} |`), k.keys);
  const errors = page("docs/errors.md");
  for (const code of Object.keys(ERROR_CODES)) assert.ok(errors.includes(`\`${code}\``), code);
});

test("a stale block is found and rewritten (the check can fail)", () => {
  const stale = "<!-- generated:repl-commands:start -->\n| command | does |\n| `/gone` | no more |\n<!-- generated:repl-commands:end -->\n";
  const fresh = regenerate(stale, "x.md");
  assert.is.not(fresh, stale);
  assert.ok(fresh.includes(replCommandsTable()));
  assert.is(regenerate(fresh, "x.md"), fresh, "regenerating is stable");
  assert.throws(() => regenerate("<!-- generated:nope:start -->\n<!-- generated:nope:end -->", "x.md"), /no generator named "nope"/);
});

test.run();
