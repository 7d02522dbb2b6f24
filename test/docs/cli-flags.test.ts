// The flags the pages list are the flags the built `deployments` command takes: every option of
// `deployments chat --help` is in docs/repl.md's flag table, every option of
// `deployments emulator --help` is named in docs/emulator.md, and neither page names one that is gone.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const cli = join(root, "dist", "esm", "repl", "cli.js");

/** The long options of a subcommand, from its --help (commander's "Options:" section). */
function options(command: string): string[] {
  const r = spawnSync(process.execPath, [cli, command, "--help"], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  assert.is(r.status, 0, r.stderr);
  const section = /\nOptions:\n([\s\S]*?)(?:\n\n|$)/.exec(r.stdout)?.[1] ?? "";
  return [...section.matchAll(/^\s+(?:-\w, )?(--[a-z][a-z-]*)/gm)].map((m) => m[1]!).filter((f) => f !== "--help");
}

const flagsIn = (text: string): string[] => [...new Set([...text.matchAll(/`(?:-\w, )?(--[a-z][a-z-]*)/g)].map((m) => m[1]!))];

test("docs/repl.md's flag table is `deployments chat`'s options", () => {
  const page = readFileSync(join(root, "docs", "repl.md"), "utf8");
  const table = /\| flag \| meaning \|\n([\s\S]*?)\n\n/.exec(page)?.[1] ?? "";
  const documented = flagsIn(table).filter((f) => f !== "--help");
  const actual = options("chat");
  assert.ok(actual.includes("--endpoint") && actual.length > 5, actual.join(" "));
  assert.equal(actual.filter((f) => !documented.includes(f)), [], "options missing from the table");
  assert.equal(documented.filter((f) => !actual.includes(f)), [], "documented flags the command does not take");
});

test("docs/emulator.md names every `deployments emulator` option, and no other", () => {
  const page = readFileSync(join(root, "docs", "emulator.md"), "utf8");
  const documented = flagsIn(page);
  const actual = options("emulator");
  assert.ok(actual.includes("--state") && actual.length > 5, actual.join(" "));
  assert.equal(actual.filter((f) => !documented.includes(f)), [], "options docs/emulator.md does not name");
  assert.equal(documented.filter((f) => !actual.includes(f)), [], "flags docs/emulator.md names that the command does not take");
});

test.run();
