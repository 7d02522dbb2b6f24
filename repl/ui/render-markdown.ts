import { openFence } from "../chat/split-markdown.js";
import { wrapLines } from "./wrap.js";

/** Renders Markdown to terminal text (ANSI styles, highlighted code) at a given width. */
export type MarkdownRenderer = (markdown: string, width: number) => string;

/** The fallback while (or where) marked-terminal is not loaded: the Markdown as typed. */
export const plainRenderer: MarkdownRenderer = (markdown) => markdown.replace(/\n+$/, "");

/**
 * Loads marked + marked-terminal (≈200 ms, so only when the interactive UI starts) and returns a
 * renderer that wraps text at `width` (so each returned line is one screen row: LiveReply's line
 * budget then bounds the live area's height, and Ink does not re-wrap a whole long paragraph on every
 * flush) and closes an unfinished code fence before rendering (a streaming reply often has one).
 *
 * @example
 * const render = await loadMarkdownRenderer();
 * console.log(render("**bold** and `code`", 80));
 */
export async function loadMarkdownRenderer(): Promise<MarkdownRenderer> {
  const [{ Marked }, { markedTerminal }] = await Promise.all([import("marked"), import("marked-terminal")]);
  const instances = new Map<number, InstanceType<typeof Marked>>();
  return (markdown, width) => {
    const w = Math.max(20, width);
    let marked = instances.get(w);
    if (!marked) {
      // marked-terminal's own reflow counts ANSI codes as text (a `.` after inline code wraps alone,
      // a code span loses its colour on the next row): wrapLines does it instead.
      marked = new Marked(markedTerminal({ width: w, reflowText: false, tab: 2, showSectionPrefix: false }) as never);
      instances.set(w, marked);
    }
    const fence = openFence(markdown);
    const source = fence ? `${markdown}\n${fence}\n` : markdown;
    try {
      return wrapLines((marked.parse(source, { async: false }) as string).replace(/\n+$/, ""), w);
    } catch (error) {
      // A renderer bug must not cost the user the reply: show it as typed.
      process.emitWarning(`markdown rendering failed: ${(error as Error).message}`);
      return plainRenderer(markdown, width);
    }
  };
}
