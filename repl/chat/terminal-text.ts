// Text from a model or a server is data, never terminal commands: an OSC 52 in a reply would set the
// user's clipboard, OSC 0/2 the window title, a CSI clear would wipe the screen, an OSC 8 would
// disguise a link. Everything printed on the user's terminal that came from outside goes through here.

/** What the scanner is inside of, between two chunks of a stream. */
type State = "text" | "esc" | "csi" | "string" | "string-esc" | "cr";

const ESC = 0x1b;
const BEL = 0x07;

/**
 * Removes terminal control sequences from streamed text, chunk by chunk: ESC sequences (CSI, OSC,
 * DCS/SOS/PM/APC strings with their payload, two-byte escapes), C1 controls (U+0080–U+009F,
 * including 8-bit CSI/OSC and their strings) and every other C0 control except `\n` and `\t`. A
 * `\r\n` becomes `\n`; a lone `\r` (which would let a line overwrite what came before it) becomes
 * `\n`. A sequence split across chunks is removed whole: the scanner keeps its state between them.
 *
 * @example
 * const clean = new TerminalText();
 * clean.push("hi \x1b]52;c;Y3VybA=="); // "hi "
 * clean.push("\x07there");              // "there"
 */
export class TerminalText {
  #state: State = "text";

  /** Cleans one chunk; what a sequence left unfinished at its end is dropped with the next chunk. */
  push(chunk: string): string {
    let out = "";
    let start = 0; // start of the current run of plain text, copied in one slice
    let state = this.#state;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (state === "text") {
        // the common case: printable text (and \n, \t) passes through untouched
        if ((c >= 0x20 && c < 0x7f) || c === 0x0a || c === 0x09 || c > 0x9f) continue;
        out += chunk.slice(start, i);
        start = i + 1;
        if (c === ESC) state = "esc";
        else if (c === 0x9b) state = "csi";
        else if (c === 0x9d || c === 0x90 || c === 0x98 || c === 0x9e || c === 0x9f) state = "string";
        else if (c === 0x0d) state = "cr";
        continue;
      }
      if (state === "cr") {
        // \r\n is one line end; a lone \r is made one too, so it cannot overwrite a line
        state = "text";
        out += "\n";
        if (c === 0x0a) { start = i + 1; continue; }
        start = i;
        i--; // scan this character again as text
        continue;
      }
      if (state === "esc") {
        if (c === 0x5b) state = "csi"; // ESC [
        else if (c === 0x5d || c === 0x50 || c === 0x58 || c === 0x5e || c === 0x5f) state = "string"; // ESC ] P X ^ _
        else if (c >= 0x20 && c <= 0x2f) state = "esc"; // intermediate bytes (ESC ( B, ESC # 8): the final byte follows
        else state = "text"; // ESC plus one final byte (ESC c resets the terminal, ESC 7 …): both dropped
        start = i + 1;
        continue;
      }
      if (state === "csi") {
        // parameters and intermediates, up to a final byte in @–~; a control inside aborts it
        if (c >= 0x40 && c <= 0x7e) state = "text";
        else if (c < 0x20 || c === 0x7f) state = c === ESC ? "esc" : "text";
        start = i + 1;
        continue;
      }
      if (state === "string") {
        // OSC/DCS payload up to BEL, ESC \ or 8-bit ST; all of it dropped (the clipboard text too)
        if (c === BEL || c === 0x9c) state = "text";
        else if (c === ESC) state = "string-esc";
        start = i + 1;
        continue;
      }
      // string-esc: ESC \ ends the string; any other ESC x starts a new sequence
      state = c === 0x5c ? "text" : c === 0x5b ? "csi" : c === 0x5d ? "string" : "text";
      start = i + 1;
    }
    if (state === "text") out += chunk.slice(start);
    this.#state = state;
    return out;
  }

  /** Ends the stream: a `\r` held back at the very end becomes its line end. */
  end(): string {
    const held = this.#state === "cr" ? "\n" : "";
    this.#state = "text";
    return held;
  }
}

/**
 * Removes terminal control sequences from a whole string (see {@link TerminalText}).
 *
 * @example
 * terminalSafe("title\x1b]0;pwned\x07 \x1b[2Jok"); // "title ok"
 */
export function terminalSafe(text: string): string {
  const scanner = new TerminalText();
  return scanner.push(text) + scanner.end();
}
