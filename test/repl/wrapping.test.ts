// @heavy: drives the built CLI under tmux
// Wrapping at 100 columns, as a user sees it in a real terminal (tmux), plus the wrapper's own
// rules: a word keeps its punctuation, a style survives the line break, continuation rows keep
// their column and start without a stray space, a long path breaks after a `/`.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { wrapLine, wrapPathLine } from "../../repl/ui/wrap.js";
import { cli, hasTmux, startChat } from "./tmux.js";
import { tempDir } from "../helpers/temp-dir.js";

const t = suite("wrapping");
const strip = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, "");

t("a word keeps the punctuation after its style; the style is reopened on the next row", () => {
  const line = "start the emulator with \x1b[33m--forward\x1b[39m.";
  const rows = wrapLine(line, 30).split("\n");
  assert.equal(rows.map(strip), ["start the emulator with", "--forward."]);
  const code = wrapLine("see \x1b[33mthe long code span here\x1b[39m now", 16).split("\n");
  assert.ok(code.length >= 2);
  for (const row of code.slice(1, -1)) assert.match(row, /^\x1b\[33m/, `row without its colour: ${JSON.stringify(row)}`);
});

t("continuation rows keep the line's indentation and never start with a stray space", () => {
  const rows = wrapLine("  * " + "item words ".repeat(8).trim(), 30).split("\n");
  assert.ok(rows.length > 1);
  for (const row of rows.slice(1)) assert.match(row, /^ {4}\S/);
});

t("a long path breaks after a slash, under its label", () => {
  const out = wrapPathLine("transcript: /home/someone/.local/share/databricks-deployments/transcripts/2026-12-02T10-31-55-366Z-chat.json", 60).split("\n");
  assert.is(out[0], "transcript:");
  for (const row of out.slice(1)) assert.ok(row.startsWith("  ") && row.length <= 60, row);
  assert.is(out.slice(1).map((r) => r.trim()).join(""), "/home/someone/.local/share/databricks-deployments/transcripts/2026-12-02T10-31-55-366Z-chat.json");
});

if (!hasTmux) {
  console.log("SKIP wrapping in tmux: tmux not found");
} else {
  t("in a 100-column terminal: reply, error, input and header wrap cleanly", async () => {
    assert.ok(existsSync(cli), "build first");
    const home = tempDir("dd-wrap-");
    // A data folder deep enough that the header's transcript path does not fit on one row.
    const data = join(home, "a-data-folder-with-a-rather-long-name", "and-another-level-below-it", "and-one-more");
    mkdirSync(data, { recursive: true });
    const term = startChat("wrap", [], { home, env: { DATABRICKS_DEPLOYMENTS_DATA_DIR: data } });
    try {
      await term.waitFor((s) => /SIMULATED · 0 tokens/.test(s), "the prompt");
      term.keys("hello there, please explain `npm install` and why the sentence ends here.", "Enter");
      await term.waitFor((s) => /simulated · \d+ tokens/.test(s), "the reply", 30_000);
      term.keys("/load /nonexistent/folder/with/a/long/name/that/goes/on/and/on/and/on/and/on/and/on/and/on/file.json", "Enter");
      await term.waitFor((s) => /there is no file/.test(s), "the /load error");
      term.keys("word ".repeat(30).trim());
      const rows = (await term.waitFor((s) => /› (word ){18}/.test(s) && /\n {2}word/.test(s), "the long input", 20_000, false)).split("\n");
      const screen = rows.join("\n");
      // the reply: the final "." stays with its word
      assert.not.match(screen, /^\s*\.\s*$/m);
      assert.match(screen, /--forward\./);
      // the error and its hint continue under their text, without a leading space
      const error = rows.findIndex((r) => r.startsWith("✖ /load: there is no file"));
      assert.ok(error >= 0 && /^ {2}\S/.test(rows[error + 1] ?? ""), `error continuation: ${JSON.stringify(rows[error + 1])}`);
      for (const row of rows) assert.not.match(row, /^ \S/, `a row starting with one stray space: ${JSON.stringify(row)}`);
      // the input keeps "› " and continues under its text
      assert.ok(rows.some((r) => /^› word word/.test(r)));
      // the header's path is broken after a slash, never inside a name
      const label = rows.findIndex((r) => r === "transcript:" || r.startsWith("transcript: "));
      assert.ok(label >= 0, screen);
      const pathRows = rows.slice(label, rows.findIndex((r, i) => i > label && r.trim() === "")).map((r) => r.replace(/^transcript:\s*/, "").trim()).filter(Boolean);
      for (const row of pathRows.slice(0, -1)) assert.match(row, /\/$/, `path row not ending at a slash: ${row}`);
      assert.match(pathRows.join(""), /and-one-more\/transcripts\/\d{4}-\d\d-\d\dT[\d-]+Z-chat\.json$/);
    } finally {
      term.close();
    }
  });
}

t.run();
