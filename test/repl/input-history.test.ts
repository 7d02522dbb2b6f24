import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { InputHistory } from "../../repl/chat/input-history.js";

const s = suite("input history file");

s("a file of more than 2,000 entries is rewritten with the last 1,000 (atomically: no temp file left)", () => {
  const dir = mkdtempSync(join(tmpdir(), "history-"));
  try {
    const file = join(dir, "history.jsonl");
    writeFileSync(file, Array.from({ length: 2500 }, (_, i) => JSON.stringify(`entry ${i}`) + "\n").join(""));
    const history = InputHistory.load(file);
    assert.is(history.all.length, 1000);
    assert.is(history.all[0], "entry 1500");
    const lines = readFileSync(file, "utf8").trim().split("\n");
    assert.is(lines.length, 1000);
    assert.is(JSON.parse(lines[0] ?? ""), "entry 1500");
    assert.equal(readdirSync(dir), ["history.jsonl"]);
    history.add("new one");
    assert.equal(InputHistory.load(file).all.slice(-2), ["entry 2499", "new one"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

s("a file of up to 2,000 entries is left as it is (no rewrite at every start)", () => {
  const dir = mkdtempSync(join(tmpdir(), "history-"));
  try {
    const file = join(dir, "history.jsonl");
    const text = Array.from({ length: 1500 }, (_, i) => JSON.stringify(`entry ${i}`) + "\n").join("");
    writeFileSync(file, text);
    assert.is(InputHistory.load(file).all.length, 1000);
    assert.is(readFileSync(file, "utf8"), text);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

s.run();
