// The generated parts of README.md and docs/*.md, from the tables in the code, so the pages cannot
// fall behind it: the REPL's keys and slash commands, the error codes, the layer rule, and the
// README's quick start (the file examples/quickstart.mts, verbatim).
//
//   npx tsx scripts/docs.ts            rewrite the generated blocks in place (what `npm run docs` does)
//   npx tsx scripts/docs.ts --check    exit 1 and name each page whose generated block is stale
//
// A block is the text between `<!-- generated:NAME:start -->` and `<!-- generated:NAME:end -->`,
// or the code fence right after `<!-- include:PATH -->`. test/docs/generated.test.ts runs the check.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { COMMANDS } from "../repl/commands/index.js";
import type { SlashCommand } from "../repl/commands/types.js";
import { KEY_HELP } from "../repl/ui/keys.js";
import { ERROR_CODES } from "../src/errors/error-codes.js";
import { ALLOWED } from "../test/architecture/import-graph.js";

const root = join(fileURLToPath(new URL(".", import.meta.url)), "..");

/** A Markdown table cell: pipes escaped (a `[TEXT | -]` synopsis stays one cell), `<` too (`chat-<time>.md` is not a tag). */
const cell = (text: string): string => text.replace(/\|/g, "\\|").replace(/<(?![!])/g, "&lt;");
const table = (head: readonly string[], rows: ReadonlyArray<readonly string[]>): string =>
  [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`)].join("\n");

function synopsis(c: SlashCommand): string {
  const names = [c.name, ...(c.aliases ?? [])].map((n) => `\`/${n}${n === c.name && c.args ? ` ${c.args}` : ""}\``);
  return names.join(", ");
}

/** The slash commands, as /help lists them (same order, same words), plus what Tab completes. */
export function replCommandsTable(commands: readonly SlashCommand[] = COMMANDS): string {
  return table(["command", "does", "Tab completes"], commands.map((c) => [synopsis(c), c.description, c.completes ?? ""]));
}

/** The keys of the input line, from the table /help prints (Tab's row says what each command completes, as /help does). */
export function replKeysTable(commands: readonly SlashCommand[] = COMMANDS): string {
  const completing = new Map<string, string[]>();
  for (const c of commands) if (c.completes !== undefined) completing.set(c.completes, [...(completing.get(c.completes) ?? []), `\`/${c.name} \``]);
  const tab = ["complete a /command name", ...[...completing].map(([what, after]) => `after ${after.join(", ")}: ${what}`)].join("; ");
  return table(["keys", "does"], KEY_HELP.map((k) => [k.keys, k.events.includes("tab") ? tab : k.does]));
}

/** Every error_code the client maps and the emulator may send, with its usual status and class. */
export function errorCodesTable(): string {
  return table(["`error_code`", "usual status", "class"], Object.entries(ERROR_CODES).map(([code, facts]) => [`\`${code}\``, String(facts.status), `\`${facts.error}\``]));
}

/** The runtime imports each layer of src/ may make besides its own files. */
export function layersTable(): string {
  return table(["layer", "may import at runtime"], Object.entries(ALLOWED).map(([layer, may]) => [layer === "entry" ? "`src/index.ts`" : `\`src/${layer}/\``, may.map((l) => `\`${l}\``).join(", ")]));
}

const GENERATORS: Readonly<Record<string, () => string>> = {
  "repl-commands": replCommandsTable,
  "repl-keys": replKeysTable,
  "error-codes": errorCodesTable,
  layers: layersTable,
};

/** The pages that hold generated blocks. */
export const PAGES: readonly string[] = ["README.md", "docs/repl.md", "docs/errors.md", "docs/architecture.md"];

/** `text` with every generated block and every include brought up to date (`page` names it in errors). */
export function regenerate(text: string, page: string): string {
  let out = text.replace(/(<!-- generated:([a-z-]+):start -->\n)[\s\S]*?(<!-- generated:\2:end -->)/g, (_m, open: string, name: string, close: string) => {
    const generate = GENERATORS[name];
    if (generate === undefined) throw new Error(`${page}: no generator named "${name}" (known: ${Object.keys(GENERATORS).join(", ")})`);
    return `${open}${generate()}\n${close}`;
  });
  out = out.replace(/(<!-- include:([^ ]+) -->\n```[a-z]*\n)[\s\S]*?(^```$)/gm, (_m, open: string, path: string, close: string) => {
    const body = readFileSync(join(root, path), "utf8");
    return `${open}${body.endsWith("\n") ? body : body + "\n"}${close}`;
  });
  return out;
}

/** Pages whose generated blocks differ from what the code says now. */
export function stalePages(): string[] {
  return PAGES.filter((page) => {
    const text = readFileSync(join(root, page), "utf8");
    return regenerate(text, page) !== text;
  });
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes("--check")) {
    const stale = stalePages();
    if (stale.length > 0) {
      console.error(`stale generated blocks in ${stale.join(", ")}: run npm run docs`);
      process.exit(1);
    }
  } else {
    for (const page of PAGES) {
      const path = join(root, page);
      const text = readFileSync(path, "utf8");
      const next = regenerate(text, page);
      if (next !== text) { writeFileSync(path, next); console.log(`updated ${page}`); }
    }
  }
}
