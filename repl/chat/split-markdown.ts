const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * Splits streaming Markdown at the last safe boundary: a blank line outside any code fence, so the
 * part before it can be rendered on its own and moved to the scrollback while the rest streams on.
 * Never splits inside a fenced code block. Returns `["", text]` when there is no safe boundary yet.
 *
 * @example
 * splitAtSafeBoundary("Para one.\n\nPara two is stre"); // ["Para one.\n\n", "Para two is stre"]
 */
export function splitAtSafeBoundary(text: string): [done: string, rest: string] {
  let fence: string | undefined;
  let cut = 0;
  let offset = 0;
  const lines = text.split("\n");
  // The last line has no newline yet: it is still being written, so it never ends a block.
  for (let i = 0; i < lines.length - 1; i++) {
    const line = lines[i] as string;
    offset += line.length + 1;
    const match = FENCE.exec(line);
    if (match) {
      const marker = match[1] as string;
      if (fence === undefined) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = undefined;
      continue;
    }
    if (fence === undefined && line.trim() === "" && i > 0) cut = offset;
  }
  return [text.slice(0, cut), text.slice(cut)];
}

/** True when `text` ends inside an unclosed code fence (so a renderer can close it for display). */
export function openFence(text: string): string | undefined {
  let fence: string | undefined;
  for (const line of text.split("\n")) {
    const match = FENCE.exec(line);
    if (!match) continue;
    const marker = match[1] as string;
    if (fence === undefined) fence = marker;
    else if (marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = undefined;
  }
  return fence;
}
