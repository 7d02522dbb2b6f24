/**
 * Makes model or user text safe to place in Markdown that a notebook renders: raw HTML outside
 * code is escaped (so a reply cannot inject markup), code blocks and inline code stay as they are.
 *
 * @example
 * safeMarkdown("use <b> like `<b>`"); // "use &lt;b> like `<b>`"
 */
export function safeMarkdown(text: string): string {
  const parts = text.split(/(```[\s\S]*?(?:```|$)|`[^`\n]*`)/);
  return parts.map((part, i) => (i % 2 === 1 ? part : part.replace(/&(?=[#a-zA-Z0-9]+;)/g, "&amp;").replace(/</g, "&lt;"))).join("");
}

/**
 * Text as a Markdown inline code span, whatever backticks it holds.
 *
 * @example
 * inlineCode("a`b"); // "`` a`b ``"
 */
export function inlineCode(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((m) => m.length));
  const fence = "`".repeat(longest + 1);
  return `${fence}${longest > 0 ? " " : ""}${text}${longest > 0 ? " " : ""}${fence}`;
}
