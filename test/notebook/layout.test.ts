// How the display helpers' HTML reads in a notebook (issue 16): JSON wraps between words, never
// inside a string, with continuation lines indented under their line; the payload comparison's
// right column starts at the same x in every comparison; headings are words, not emoji.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { jsonView, payloadComparison, transcript } from "../../src/notebook/index.js";

const LONG = "This is a **simulated reply** from the databricks-deployments emulator: no model was called.";

test("jsonView: one block per line, wrapped at spaces (word-break normal), hanging under its own indent", () => {
  const html = jsonView({ choices: [{ message: { content: LONG } }] }).html;
  const lines = [...html.matchAll(/<span style="(display:block[^"]*)">(.*?)<\/span>(?=<span style="display:block|<\/code>)/g)];
  assert.is(lines.length, 9, html);
  for (const [, style] of lines) {
    assert.match(style!, /white-space:pre-wrap/);
    assert.match(style!, /word-break:normal/);
    assert.not.match(style!, /break-all|anywhere/, "a word may break only when it is longer than the line");
  }
  // `"content": …` is indented 8 columns: it starts there and continues 2 further in.
  const content = lines.find(([, , text]) => text!.startsWith("&quot;content&quot;"));
  assert.ok(content, "the content line");
  assert.match(content[1]!, /padding-left:10ch/);
  assert.match(content[1]!, /text-indent:-2ch/);
  assert.ok(html.includes('<span style="white-space:nowrap">databricks-deployments</span> emulator: no model was called.'), "a hyphenated word is kept whole");
  assert.not.match(html, /<pre><code>\{/, "not the old unwrapped <pre>");
});

test("jsonView: a word longer than a line may still break (no overflow)", () => {
  const html = jsonView({ key: "x-".repeat(40) }).html;
  assert.not.match(html, /nowrap">&quot;x-x-/);
});

test("payloadComparison: two fixed halves, so the right column starts at the same x in every block", () => {
  const narrow = payloadComparison({ a: 1 }, { a: 1 }).html;
  const wide = payloadComparison({ a: LONG.repeat(3) }, { a: LONG.repeat(3) }).html;
  for (const html of [narrow, wide]) {
    assert.match(html, /<table style="table-layout:fixed;width:100%">/);
    assert.is((html.match(/<td style="width:50%;/g) ?? []).length, 2, html);
  }
});

test("transcript: role headings are words (no emoji that depend on the viewer's fonts)", () => {
  const t = transcript({ endpoint: "chat", system: "Be brief.", turns: [{ user: "Hi", reply: "Hello!" }] });
  for (const label of ["System", "You", "Assistant"]) assert.ok((t.markdown ?? "").includes(`**${label}**`), label);
  assert.not.match(`${t.markdown}${t.html}${t.text}`, /\p{Extended_Pictographic}/u);
});

test.run();
