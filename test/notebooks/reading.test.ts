// How the committed notebooks read once rendered (issue 16, checked on the .ipynb files, which is
// what GitHub and nbconvert render): code lines fit a cell, headings are words, numbers inside
// sentences are not padded, JSON is shown in the wrapping form, and the failing-server example is
// a refused connection, not fetch's "bad port". `node scripts/notebook-screenshots.mjs` shows the
// same notebooks in Chromium for a look by eye.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const dir = join(root, "notebooks");

interface Output { output_type: string; name?: string; text?: string | string[]; data?: Record<string, string | string[]> }
interface Cell { cell_type: string; source: string | string[]; outputs?: Output[] }
const text = (v: string | string[] | undefined): string => (Array.isArray(v) ? v.join("") : v ?? "");
const notebooks = readdirSync(dir).filter((f) => f.endsWith(".ipynb")).sort()
  .map((file) => ({ file, cells: (JSON.parse(readFileSync(join(dir, file), "utf8")) as { cells: Cell[] }).cells }));

/** Check marks are in every font the notebook renderers use; pictographs (emoji) are not. */
const EMOJI = /(?![\u2714\u2718])\p{Extended_Pictographic}/u;
const MAX_COLUMNS = 100;

/** Lines of prose output where a number is padded inside a sentence ("answered after   3.0 s"). */
export function paddedNumbers(output: string): string[] {
  return output.split("\n").filter((line) => /[A-Za-z,:] {2,}\d/.test(line));
}

test("there are notebooks to read", () => {
  // One committed notebook per readable source in notebooks/src/.
  const sources = readdirSync(join(dir, "src")).filter((f) => f.endsWith(".ts")).sort();
  assert.ok(sources.length > 0, "no notebook sources in notebooks/src/");
  assert.equal(notebooks.map((n) => n.file.replace(/\.ipynb$/, "")), sources.map((f) => f.replace(/\.ts$/, "")));
});

test("the checks catch what they claim to", () => {
  assert.equal(paddedNumbers("answered after   3.0 s and 1 retry"), ["answered after   3.0 s and 1 retry"]);
  assert.equal(paddedNumbers("   0.5 s  ready=READY  config_update=IN_PROGRESS"), [], "a table's padded first column is fine");
  assert.ok(EMOJI.test("🤖 Assistant") && !EMOJI.test("✔ equal"));
});

for (const { file, cells } of notebooks) {
  test(`${file}: code lines fit in ${MAX_COLUMNS} columns`, () => {
    const long = cells.filter((c) => c.cell_type === "code").flatMap((c) => text(c.source).split("\n")).filter((l) => l.length > MAX_COLUMNS);
    assert.equal(long, [], "wrap them in notebooks/src/ and run `npm run notebooks`");
  });

  test(`${file}: headings are words, not emoji`, () => {
    const headings = [
      ...cells.filter((c) => c.cell_type === "markdown").flatMap((c) => text(c.source).split("\n")).filter((l) => l.startsWith("#")),
      ...cells.flatMap((c) => c.outputs ?? []).flatMap((o) => [
        ...text(o.data?.["text/markdown"]).split("\n").filter((l) => /^(#|\*\*)/.test(l)),
        ...[...text(o.data?.["text/html"]).matchAll(/<(b|h\d|th)>(.*?)<\/\1>/g)].map((m) => m[2]!),
      ]),
    ];
    assert.ok(headings.length > 0, "found no headings to check");
    assert.equal(headings.filter((h) => EMOJI.test(h)), []);
  });

  test(`${file}: no padded numbers inside sentences`, () => {
    const streams = cells.flatMap((c) => c.outputs ?? []).filter((o) => o.output_type === "stream").map((o) => text(o.text)).join("\n");
    assert.equal(paddedNumbers(streams), []);
  });

  test(`${file}: JSON is shown in the wrapping form (never a bare <pre> that breaks strings mid-word)`, () => {
    const html = cells.flatMap((c) => c.outputs ?? []).map((o) => text(o.data?.["text/html"])).join("\n");
    assert.not.match(html, /<pre><code>[{[]/);
  });
}

test("notebook 04's unreachable server is a refused connection, not fetch's bad port", () => {
  const nb = notebooks.find((n) => n.file.startsWith("04"));
  assert.ok(nb);
  const all = nb.cells.flatMap((c) => c.outputs ?? []).map((o) => `${text(o.text)}${Object.values(o.data ?? {}).map(text).join("")}`).join("\n");
  assert.not.match(all, /bad port/);
  assert.match(all, /ECONNREFUSED/);
});

test.run();
