#!/usr/bin/env node
// Renders each committed notebook to HTML (jupyter nbconvert) and screenshots it in headless
// Chromium, for a look by eye at what a reader sees: overflowing code, broken JSON, misaligned
// columns. The pictures go to .tmp/notebook-screenshots/ (with ImageMagick, also cut into
// 1600-pixel-high parts that an image viewer shows at full size).
//
//   node scripts/notebook-screenshots.mjs          every notebook
//   node scripts/notebook-screenshots.mjs 03       only those whose file name contains "03"
//
// Needs `jupyter nbconvert` and Chromium (Debian: apt-get install chromium); says what is missing.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, ".tmp", "notebook-screenshots");
const filters = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].find((p) => existsSync(p));
const convert = existsSync("/usr/bin/convert") ? "/usr/bin/convert" : undefined;

if (chromium === undefined) {
  console.error("no Chromium found (Debian: apt-get install chromium)");
  process.exit(1);
}
mkdirSync(out, { recursive: true });
const notebooks = readdirSync(join(root, "notebooks")).filter((f) => f.endsWith(".ipynb") && (filters.length === 0 || filters.some((x) => f.includes(x)))).sort();
for (const file of notebooks) {
  const name = basename(file, ".ipynb");
  const html = spawnSync("jupyter", ["nbconvert", "--to", "html", "--output-dir", out, join(root, "notebooks", file)], { encoding: "utf8" });
  if (html.status !== 0) { console.error(`${file}: nbconvert failed\n${html.stderr}`); process.exit(1); }
  const png = join(out, `${name}.png`);
  // A tall window: the whole notebook in one picture (trimmed below).
  const shot = spawnSync(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1100,16000", `--screenshot=${png}`, `file://${join(out, `${name}.html`)}`], { encoding: "utf8" });
  if (shot.status !== 0 || !existsSync(png)) { console.error(`${file}: chromium failed\n${shot.stderr}`); process.exit(1); }
  if (convert !== undefined) {
    for (const old of readdirSync(out).filter((f) => f.startsWith(`${name}-part-`))) rmSync(join(out, old));
    spawnSync(convert, [png, "-trim", "+repage", png]);
    spawnSync(convert, [png, "-crop", "1100x1600", "+repage", join(out, `${name}-part-%02d.png`)]);
  }
  console.log(`${file}: ${png}`);
}
