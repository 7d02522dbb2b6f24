// Reading the fenced code blocks of a Markdown page, for the docs tests.

/** One fenced block: its info string (`ts`, `ts run`, `sh`, …), its text, and where it is. */
export interface CodeBlock {
  readonly page: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** Character offset of the opening fence in the page. */
  readonly offset: number;
  readonly info: string;
  /** The lines between the fences, each ending in a newline. */
  readonly code: string;
}

/**
 * The fenced blocks of `markdown` (fences of three or more backticks at the start of a line; a
 * closing fence is at least as long as its opening one).
 *
 * @example
 * codeBlocks("```ts\nconst a = 1;\n```\n", "x.md"); // [{ page: "x.md", line: 1, offset: 0, info: "ts", code: "const a = 1;\n" }]
 */
export function codeBlocks(markdown: string, page: string): CodeBlock[] {
  const out: CodeBlock[] = [];
  const lines = markdown.split("\n");
  let offset = 0;
  let open: { fence: string; info: string; line: number; offset: number; body: string[] } | undefined;
  lines.forEach((text, i) => {
    const fence = /^(`{3,})(.*)$/.exec(text);
    if (open === undefined) {
      if (fence) open = { fence: fence[1]!, info: fence[2]!.trim(), line: i + 1, offset, body: [] };
    } else if (fence && fence[1]!.length >= open.fence.length && fence[2]!.trim() === "") {
      out.push({ page, line: open.line, offset: open.offset, info: open.info, code: open.body.map((l) => `${l}\n`).join("") });
      open = undefined;
    } else open.body.push(text);
    offset += text.length + 1;
  });
  if (open !== undefined) throw new Error(`${page}:${open.line}: a code fence that is never closed`);
  return out;
}

/**
 * Placeholders in code that is presented as runnable: `[...]` and `…` outside `//` comments
 * (a comment may elide; the code may not).
 *
 * @example
 * placeholders("f([...]); // g(…)"); // ["[...]"]
 */
export function placeholders(code: string): string[] {
  const found: string[] = [];
  for (const line of code.split("\n")) {
    const bare = line.replace(/\/\/.*$/, "");
    if (bare.includes("[...]")) found.push("[...]");
    if (bare.includes("…")) found.push("…");
  }
  return found;
}
