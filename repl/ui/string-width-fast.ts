// The width of the strings a frame is made of, without string-width's start-up cost.
// string-width builds an Intl.Segmenter and a /^\p{RGI_Emoji}$/v expression when it is imported
// and runs them on the first non-ASCII string (the prompt's "›", the status line's "·"): ~55 ms of
// the REPL's launch on this project's machines, paid before the first frame. Most of what the REPL
// measures is ASCII or single code points that need neither (punctuation, arrows, box drawing,
// Latin, Greek, Cyrillic): each is its own grapheme and its width is its East Asian width. For
// those this answers directly; for anything else (emoji, marks, CJK, Hangul, controls) it answers
// `undefined` and scripts/build.mjs's wrapper asks the real string-width, loaded on that first
// call. test/repl/string-width-fast.test.ts checks every code point of the fast set against both
// string-width copies Ink's tree bundles.
import { eastAsianWidth } from "get-east-asian-width";
import stripAnsi from "strip-ansi";

/** string-width's options (both its major versions 7 and 8 take these). */
export interface StringWidthOptions {
  ambiguousIsNarrow?: boolean;
  countAnsiEscapeCodes?: boolean;
}

/**
 * Blocks whose code points are never combining, zero-width, Hangul or wide: printable ASCII, Latin-1
 * (minus the soft hyphen), Latin Extended-A/B and IPA, Greek, Cyrillic (minus its combining marks),
 * general punctuation (minus the separators and bidi controls), super/subscripts and currency,
 * letterlike symbols through dingbats, supplemental arrows and symbols.
 */
const SIMPLE = /^[\u0020-\u007E\u00A0-\u00AC\u00AE-\u02FF\u0370-\u0482\u048A-\u052F\u2010-\u2027\u2030-\u205E\u2070-\u20CF\u2100-\u27BF\u2900-\u2BFF]*$/;
/** Inside those blocks: what may draw as an emoji (two columns, or a sequence with a selector). */
const PICTOGRAPHIC = /[\p{Extended_Pictographic}\p{Emoji_Presentation}\p{Emoji_Modifier_Base}]/u;
const PRINTABLE_ASCII = /^[\u0020-\u007E]*$/;
// get-east-asian-width's options, made once: this runs for every row of every frame.
const NARROW = { ambiguousAsWide: false };
const WIDE = { ambiguousAsWide: true };

/**
 * The width string-width would give, when the string is made only of code points that need no
 * grapheme segmentation or emoji test; `undefined` otherwise (ask string-width).
 *
 * @example
 * fastStringWidth("› hello · 3 tokens"); // 18
 * fastStringWidth("👍"); // undefined: string-width decides
 */
export function fastStringWidth(input: unknown, options: StringWidthOptions = {}): number | undefined {
  if (typeof input !== "string" || input.length === 0) return 0;
  let text = input;
  if (!options.countAnsiEscapeCodes && (text.includes("\u001B") || text.includes("\u009B"))) text = stripAnsi(text);
  if (PRINTABLE_ASCII.test(text)) return text.length;
  if (!SIMPLE.test(text) || PICTOGRAPHIC.test(text)) return undefined;
  const wide = options.ambiguousIsNarrow === false ? WIDE : NARROW;
  let width = 0;
  for (let i = 0; i < text.length; i++) width += eastAsianWidth(text.charCodeAt(i), wide);
  return width;
}
