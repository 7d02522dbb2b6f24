/**
 * Something ready to show: the same content as HTML (notebooks), Markdown (when it reads better
 * as prose) and plain text (terminals, logs). `String(rendered)` is the text.
 *
 * @example
 * const table = endpointsTable(await client.listEndpoints());
 * show(table);                 // HTML in a tslab notebook, text elsewhere
 * console.log(String(table));  // always the text
 */
export class Rendered {
  /** An HTML fragment; every value in it is escaped. */
  readonly html: string;
  /** Plain text, one line per row / field. */
  readonly text: string;
  /** Markdown, when the content is prose first (a transcript); shown instead of the HTML. */
  readonly markdown: string | undefined;

  constructor(parts: { html: string; text: string; markdown?: string }) {
    this.html = parts.html;
    this.text = parts.text;
    this.markdown = parts.markdown;
  }

  toString(): string {
    return this.text;
  }
}

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/**
 * Escapes text for HTML content and attribute values.
 *
 * @example
 * escapeHtml(`<b title="x">&</b>`); // "&lt;b title=&quot;x&quot;&gt;&amp;&lt;/b&gt;"
 */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/**
 * Pretty JSON that never throws (cycles and bigints become text).
 *
 * @example
 * prettyJson({ a: 1n }); // '{\n  "a": "1"\n}'
 */
export function prettyJson(value: unknown): string {
  const seen = new WeakSet<object>();
  return JSON.stringify(
    value,
    (_key, v: unknown) => {
      if (typeof v === "bigint") return v.toString();
      if (v !== null && typeof v === "object") {
        if (seen.has(v)) return "[Circular]";
        seen.add(v);
      }
      return v;
    },
    2,
  ) ?? String(value);
}

/**
 * A plain-text table: columns padded to their widest cell, long cells cut with an ellipsis.
 *
 * @example
 * textTable(["name", "state"], [["chat", "READY"]]);
 */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[], maxWidth = 48): string {
  const cut = (s: string) => (s.length > maxWidth ? s.slice(0, maxWidth - 1) + "…" : s);
  const cells = [header, ...rows].map((row) => row.map((c) => cut(c.replace(/\s*\n\s*/g, " "))));
  const widths = header.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? "").length)));
  const line = (row: readonly string[]) => row.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ").trimEnd();
  return [line(cells[0] ?? []), widths.map((w) => "─".repeat(w)).join("  "), ...cells.slice(1).map(line)].join("\n");
}

/**
 * An HTML table; `cells` are already HTML (escape values with `escapeHtml`).
 *
 * @example
 * htmlTable(["name"], [[escapeHtml("chat")]], "1 endpoint");
 */
export function htmlTable(header: readonly string[], rows: readonly (readonly string[])[], caption?: string): string {
  const head = `<thead><tr>${header.map((h) => `<th style="text-align:left">${escapeHtml(h)}</th>`).join("")}</tr></thead>`;
  const body = `<tbody>${rows.map((r) => `<tr>${r.map((c) => `<td style="text-align:left;vertical-align:top">${c}</td>`).join("")}</tr>`).join("")}</tbody>`;
  return `<table>${caption ? `<caption style="text-align:left">${escapeHtml(caption)}</caption>` : ""}${head}${body}</table>`;
}

// How a JSON line wraps: at spaces (never inside a word, whatever the viewer's stylesheet says
// about <pre>), a word longer than the line breaks only as a last resort, and a continuation is
// indented under its line's text (hanging by two columns) instead of starting at column 0.
const JSON_LINE = "display:block;white-space:pre-wrap;word-break:normal;overflow-wrap:break-word;text-indent:-2ch";

// Browsers may also break after a hyphen: "https://my-" / "resource.openai.azure.com". A word
// (a run without spaces) that fits a line is kept whole; only a longer one may break.
const KEEP_WHOLE = 60;
function words(text: string): string {
  return text.split(/( +)/).map((part) => (part.includes("-") && part.length <= KEEP_WHOLE
    ? `<span style="white-space:nowrap">${escapeHtml(part)}</span>`
    : escapeHtml(part))).join("");
}

/**
 * Pretty-printed JSON (or any indented text) as HTML that wraps like prose: each line its own
 * block, wrapped at spaces, continuation lines indented under the line they continue.
 *
 * @example
 * htmlJson('{\n  "a": 1\n}'); // '<pre style="margin:0"><code><span …>{</span><span …>"a": 1</span>…</code></pre>'
 */
export function htmlJson(text: string): string {
  const lines = text.split("\n").map((line) => {
    const indent = line.length - line.trimStart().length;
    return `<span style="${JSON_LINE};padding-left:${indent + 2}ch">${words(line.trimStart()) || " "}</span>`;
  });
  return `<pre style="margin:0;white-space:normal"><code>${lines.join("")}</code></pre>`;
}
