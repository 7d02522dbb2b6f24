// Every relative link of README.md, CONTRIBUTING.md and docs/*.md points at a file that exists,
// and every `#anchor` at a heading of its page (GitHub's slugs).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const pages = ["README.md", "CONTRIBUTING.md", ...readdirSync(join(root, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];

/**
 * Pages other branches write in parallel (auth, ACLs, hardening, batch, tools, the bench): a link
 * to one of them passes while it does not exist yet. The integrator empties this once they land.
 */
// Pages a branch links before they land; empty once every page exists (all have landed).
const PENDING_PAGES: ReadonlySet<string> = new Set<string>();

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
const slug = (heading: string): string => heading.trim().toLowerCase().replace(/`/g, "").replace(/[^\p{L}\p{N} _-]/gu, "").replace(/ /g, "-");
const anchors = (text: string): Set<string> => new Set(text.split("\n").filter((l) => /^#{1,6} /.test(l)).map((l) => slug(l.replace(/^#+ /, ""))));
const withoutCode = (text: string): string => text.replace(/^```[\s\S]*?^```$/gm, "").replace(/`[^`\n]*`/g, "");

test("every relative link and anchor of the pages resolves", () => {
  const broken: string[] = [];
  for (const page of pages) {
    const text = readFileSync(join(root, page), "utf8");
    for (const m of withoutCode(text).matchAll(/\]\(([^)\s]+)\)/g)) {
      const href = m[1]!;
      if (/^[a-z]+:/.test(href)) continue;
      const [path, anchor] = href.split("#") as [string, string | undefined];
      const target = path === "" ? page : normalize(join(dirname(page), path)).split("\\").join("/");
      if (!existsSync(join(root, target))) {
        if (!PENDING_PAGES.has(target)) broken.push(`${page}: ${href}`);
        continue;
      }
      if (anchor !== undefined && target.endsWith(".md") && !anchors(readFileSync(join(root, target), "utf8")).has(anchor)) broken.push(`${page}: ${href} (no such heading)`);
    }
  }
  assert.equal(broken, []);
});

test("the slugs are GitHub's", () => {
  assert.is(slug("Retries, timeouts and cancellation"), "retries-timeouts-and-cancellation");
  assert.is(slug("`Conversation`, the library part under it"), "conversation-the-library-part-under-it");
});

test.run();
