/** A key (or pasted text) of the input line, decoded from what the terminal sent. */
export type KeyEvent =
  | { readonly type: "text"; readonly text: string }
  | { readonly type: "submit" }
  | { readonly type: "newline" }
  | { readonly type: "paste-start" }
  | { readonly type: "paste-end" }
  | {
      readonly type:
        | "ctrl-c" | "ctrl-d" | "escape" | "tab" | "backspace" | "delete" | "up" | "down" | "left" | "right"
        | "home" | "end" | "kill-line" | "kill-word" | "kill-to-end";
    };

const SEQUENCES: Record<string, KeyEvent> = {
  "\r": { type: "submit" },
  "\n": { type: "newline" }, // Ctrl+J
  "\x1b\r": { type: "newline" }, // Alt+Enter
  "\x1b[13;2u": { type: "newline" }, // Shift+Enter, kitty keyboard protocol
  "\x1b[27;2;13~": { type: "newline" }, // Shift+Enter, xterm modifyOtherKeys
  "\x1b[13;2~": { type: "newline" },
  "\x1b[200~": { type: "paste-start" },
  "\x1b[201~": { type: "paste-end" },
  "\x03": { type: "ctrl-c" },
  "\x04": { type: "ctrl-d" },
  "\x1b": { type: "escape" },
  "\x1b\x1b": { type: "escape" },
  "\t": { type: "tab" },
  "\x7f": { type: "backspace" },
  "\b": { type: "backspace" },
  "\x1b\x7f": { type: "kill-word" },
  "\x1b[3~": { type: "delete" },
  "\x1b[A": { type: "up" }, "\x1bOA": { type: "up" },
  "\x1b[B": { type: "down" }, "\x1bOB": { type: "down" },
  "\x1b[C": { type: "right" }, "\x1bOC": { type: "right" },
  "\x1b[D": { type: "left" }, "\x1bOD": { type: "left" },
  "\x1b[H": { type: "home" }, "\x1bOH": { type: "home" }, "\x1b[1~": { type: "home" }, "\x1b[7~": { type: "home" }, "\x01": { type: "home" },
  "\x1b[F": { type: "end" }, "\x1bOF": { type: "end" }, "\x1b[4~": { type: "end" }, "\x1b[8~": { type: "end" }, "\x05": { type: "end" },
  "\x15": { type: "kill-line" }, // Ctrl+U
  "\x17": { type: "kill-word" }, // Ctrl+W
  "\x0b": { type: "kill-to-end" }, // Ctrl+K
};

/**
 * What each key does, for /help: one row per binding, with the events it produces. A test checks
 * that every event the decoder produces (but the paste markers) has a row, so /help cannot fall
 * behind the key table above.
 */
export const KEY_HELP: ReadonlyArray<{ readonly keys: string; readonly does: string; readonly events: readonly KeyEvent["type"][] }> = [
  { keys: "Enter", does: "send the message (or run the /command)", events: ["submit"] },
  { keys: "Ctrl+J, Shift+Enter, Alt+Enter", does: "new line (pasting multi-line text never sends early)", events: ["newline"] },
  { keys: "Esc", does: "cancel the streaming reply (or the wait for a rate limit)", events: ["escape"] },
  { keys: "Ctrl+C", does: "cancel the reply, else clear the input, else exit", events: ["ctrl-c"] },
  { keys: "Ctrl+D", does: "exit (on an empty input), else delete the character under the cursor", events: ["ctrl-d"] },
  { keys: "↑ / ↓", does: "previous / next input (history kept across sessions); move between lines of a long input", events: ["up", "down"] },
  { keys: "Tab", does: "complete", events: ["tab"] },
  { keys: "← / →, Home / End, Ctrl+A / Ctrl+E", does: "move the cursor (Home/End: start/end of the line)", events: ["left", "right", "home", "end"] },
  { keys: "Backspace, Delete", does: "delete before / under the cursor", events: ["backspace", "delete"] },
  { keys: "Ctrl+U", does: "delete to the start of the line", events: ["kill-line"] },
  { keys: "Ctrl+K", does: "delete to the end of the line", events: ["kill-to-end"] },
  { keys: "Ctrl+W, Alt+Backspace", does: "delete the word before the cursor", events: ["kill-word"] },
];

/** Every event type the decoder's table produces (for the /help completeness check). */
export const DECODED_EVENTS: ReadonlySet<KeyEvent["type"]> = new Set(Object.values(SEQUENCES).map((e) => e.type));

// The escape sequences of the table, longest first, for matching at any position of a read.
const ESCAPES = Object.keys(SEQUENCES).filter((k) => k.startsWith("\x1b") && k.length > 1).sort((a, b) => b.length - a.length);
// Any other CSI (`ESC [ params intermediates final`) or SS3 (`ESC O x`) sequence: a function key we do not bind.
const UNKNOWN_ESCAPE = /^\x1b(?:\[[0-?]*[ -/]*[@-~]|O.)/;

function inPasteAs(event: KeyEvent, paste: boolean): KeyEvent {
  if (paste && (event.type === "submit" || event.type === "newline")) return { type: "text", text: "\n" };
  if (paste && event.type === "tab") return { type: "text", text: "\t" };
  return event;
}

/**
 * Decodes one read from the terminal into key events. A read may hold several keys (typed fast,
 * sent together by tmux or a script: `abc`, Home, `X`): every escape sequence is parsed out of it
 * and the text around it is kept. Plain text may hold several characters; a `\r` at the very end
 * of the read is Enter, a `\r` followed by more text is a pasted line break. Unknown function keys
 * are dropped rather than typed as garbage.
 *
 * @example
 * decodeKeys("hi\r");       // [{ type: "text", text: "hi" }, { type: "submit" }]
 * decodeKeys("\x1b[HX");    // [{ type: "home" }, { type: "text", text: "X" }]
 */
export function decodeKeys(data: string, inPaste = false): KeyEvent[] {
  const known = SEQUENCES[data];
  if (known) return [inPasteAs(known, inPaste)];
  const events: KeyEvent[] = [];
  let paste = inPaste;
  let text = "";
  const flush = () => {
    if (text !== "") events.push({ type: "text", text });
    text = "";
  };
  for (let i = 0; i < data.length; i++) {
    const ch = data[i] as string;
    if (ch === "\x1b") {
      const seq = ESCAPES.find((k) => data.startsWith(k, i));
      if (seq !== undefined) {
        const event = SEQUENCES[seq] as KeyEvent;
        flush();
        if (event.type === "paste-start") paste = true;
        if (event.type === "paste-end") paste = false;
        events.push(inPasteAs(event, paste && event.type !== "paste-start" && event.type !== "paste-end"));
        i += seq.length - 1;
        continue;
      }
      const unknown = UNKNOWN_ESCAPE.exec(data.slice(i, i + 32));
      if (unknown) { flush(); i += unknown[0].length - 1; continue; }
      if (i === data.length - 1) { flush(); events.push({ type: "escape" }); continue; }
      i++; // Alt+<key> we do not bind: drop the pair
      continue;
    }
    if (ch === "\r" || ch === "\n") {
      if (ch === "\r" && data[i + 1] === "\n") i++;
      const last = i === data.length - 1;
      if (!paste && ch === "\r" && last) { flush(); events.push({ type: "submit" }); }
      else text += "\n";
      continue;
    }
    const single = ch < " " || ch === "\x7f" ? SEQUENCES[ch] : undefined;
    if (single && !paste) { flush(); events.push(single); continue; }
    if (ch === "\t") { text += "\t"; continue; }
    if (ch < " " || ch === "\x7f") continue; // other control characters are not text
    text += ch;
  }
  flush();
  return events;
}
