import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from "react";
import { Box, Text, useStdin, useStdout } from "ink";
import type { ChatController } from "../chat/controller.js";
import * as ed from "./editor.js";
import { HistoryView } from "./HistoryView.js";
import { InputLine } from "./InputLine.js";
import { inputWindow } from "./input-window.js";
import { decodeKeys, type KeyEvent } from "./keys.js";
import { LiveReply } from "./LiveReply.js";
import type { MarkdownRenderer } from "./render-markdown.js";
import { StatusLine } from "./StatusLine.js";

interface Props {
  readonly controller: ChatController;
  readonly render: MarkdownRenderer;
  /** A better renderer still loading (marked-terminal takes ~200 ms): used from when it resolves. */
  readonly upgrade?: Promise<MarkdownRenderer>;
}

function useTerminalSize(): { columns: number; rows: number } {
  const { stdout } = useStdout();
  const read = () => ({ columns: stdout.columns || 100, rows: stdout.rows || 30 });
  const [size, setSize] = useState(read);
  useEffect(() => {
    const onResize = () => setSize(read());
    stdout.on("resize", onResize);
    return () => void stdout.off("resize", onResize);
    // Only when stdout changes: without deps this re-subscribed on every render (every streamed flush).
  }, [stdout]);
  return size;
}

/**
 * The chat screen: scrollback (static), the live reply (short), the input line and the status line.
 * Keys are read from Ink's raw input events so Enter, Ctrl+J, pastes and Ctrl-C can be told apart.
 */
export function App({ controller, render: initialRender, upgrade }: Props) {
  const snapshot = useSyncExternalStore(controller.subscribe, controller.getSnapshot);
  const [render, setRender] = useState<MarkdownRenderer>(() => initialRender);
  useEffect(() => {
    let live = true;
    upgrade?.then((better) => { if (live) setRender(() => better); }, (error: unknown) => controller.fail(`Markdown rendering unavailable: ${(error as Error).message}`));
    return () => { live = false; };
  }, [upgrade, controller]);
  const { internal_eventEmitter: input, setRawMode } = useStdin();
  const { columns, rows } = useTerminalSize();
  const [editor, setEditorState] = useState<ed.EditorState>(ed.emptyEditor);
  const [hint, setHint] = useState<string | undefined>(undefined);
  const editorRef = useRef(editor);
  const pasting = useRef(false);
  // A bracketed paste arrives in many reads: it is collected here and becomes one edit at its end.
  const pasted = useRef("");
  const pasteTimer = useRef<NodeJS.Timeout | undefined>(undefined);
  const historyIndex = useRef<number | undefined>(undefined);
  const draft = useRef("");

  const setEditor = useCallback((next: ed.EditorState) => {
    editorRef.current = next;
    setEditorState(next);
  }, []);

  const recall = useCallback((dir: -1 | 1) => {
    const entries = controller.history.all;
    if (entries.length === 0) return;
    const current = historyIndex.current;
    if (current === undefined) {
      if (dir === 1) return;
      draft.current = editorRef.current.text;
      historyIndex.current = entries.length - 1;
    } else {
      const next = current + dir;
      if (next < 0) return;
      if (next >= entries.length) {
        historyIndex.current = undefined;
        setEditor(ed.editorWith(draft.current));
        return;
      }
      historyIndex.current = next;
    }
    setEditor(ed.editorWith(entries[historyIndex.current] ?? ""));
  }, [controller, setEditor]);

  const flushPaste = useCallback(() => {
    if (pasteTimer.current) clearTimeout(pasteTimer.current);
    pasteTimer.current = undefined;
    if (pasted.current === "") return;
    const text = pasted.current;
    pasted.current = "";
    setEditor(ed.insert(editorRef.current, text));
  }, [setEditor]);

  const onKey = useCallback((key: KeyEvent) => {
    if (pasting.current && key.type === "text") {
      pasted.current += key.text;
      // Should the end marker never come, the text still shows once the reads stop.
      if (pasteTimer.current) clearTimeout(pasteTimer.current);
      pasteTimer.current = setTimeout(flushPaste, 300);
      return;
    }
    flushPaste();
    const s = editorRef.current;
    if (key.type !== "tab") setHint(undefined);
    switch (key.type) {
      case "paste-start": pasting.current = true; return;
      case "paste-end": pasting.current = false; return;
      case "text": setEditor(ed.insert(s, key.text)); return;
      case "newline": setEditor(ed.insert(s, "\n")); return;
      case "submit": {
        if (s.text.trim() === "") return;
        if (!controller.accepts(s.text)) {
          setHint(controller.busyHint());
          return;
        }
        historyIndex.current = undefined;
        setEditor(ed.emptyEditor);
        void controller.submit(s.text);
        return;
      }
      case "ctrl-c":
        if (controller.cancel()) return;
        if (s.text !== "") { setEditor(ed.emptyEditor); historyIndex.current = undefined; return; }
        controller.exit();
        return;
      case "ctrl-d":
        if (s.text === "") controller.exit();
        else setEditor(ed.del(s));
        return;
      case "escape": controller.cancel(); return;
      case "tab":
        void controller.complete(s.text).then(({ input: completed, candidates }) => {
          if (editorRef.current.text !== s.text) return; // typed on meanwhile
          if (completed !== s.text) setEditor(ed.editorWith(completed));
          setHint(candidates.length > 1 ? candidates.join("  ") : undefined);
        }, (error: unknown) => setHint(`completion failed: ${(error as Error).message}`));
        return;
      case "backspace": setEditor(ed.backspace(s)); return;
      case "delete": setEditor(ed.del(s)); return;
      case "left": setEditor(ed.move(s, -1)); return;
      case "right": setEditor(ed.move(s, 1)); return;
      case "home": setEditor(ed.home(s)); return;
      case "end": setEditor(ed.end(s)); return;
      case "kill-line": setEditor(ed.killLine(s)); return;
      case "kill-word": setEditor(ed.killWord(s)); return;
      case "kill-to-end": setEditor(ed.killToEnd(s)); return;
      case "up":
        if (ed.onFirstLine(s)) recall(-1);
        else setEditor(ed.verticalMove(s, -1));
        return;
      case "down":
        if (ed.onLastLine(s)) recall(1);
        else setEditor(ed.verticalMove(s, 1));
        return;
    }
  }, [controller, recall, setEditor, flushPaste]);

  useEffect(() => {
    setRawMode(true);
    const onData = (data: string) => {
      for (const key of decodeKeys(data, pasting.current)) onKey(key);
    };
    input.on("input", onData);
    return () => {
      input.off("input", onData);
      if (pasteTimer.current) clearTimeout(pasteTimer.current);
      setRawMode(false);
    };
  }, [input, setRawMode, onKey]);

  // A width change re-flows what the terminal shows: redraw it all (not on the first render).
  const drawnColumns = useRef(columns);
  useEffect(() => {
    if (drawnColumns.current === columns) return;
    drawnColumns.current = columns;
    controller.redraw();
  }, [columns, controller]);

  const width = Math.max(20, columns - 2);
  // Room for the input, the hint and the status line (and a margin), so the live area never fills the screen.
  const maxInputLines = Math.max(3, rows - 10);
  const maxLiveLines = Math.max(3, rows - 6 - inputWindow(editor, width - 2, maxInputLines).lines);
  // Leaving drops everything below the scrollback. The scrollback stays where it is in the tree:
  // moved, it would remount and <Static> would print its items again.
  return (
    <Box flexDirection="column">
      <HistoryView key={snapshot.epoch} items={snapshot.items} render={render} width={width} />
      {!snapshot.exiting && snapshot.live !== undefined && <LiveReply text={snapshot.live} render={render} width={width} maxLines={maxLiveLines} />}
      {!snapshot.exiting && <InputLine editor={editor} busy={snapshot.streaming} width={width - 2} maxLines={maxInputLines} />}
      {!snapshot.exiting && hint !== undefined && <Text dimColor>{hint}</Text>}
      {!snapshot.exiting && <StatusLine status={snapshot.status} streaming={snapshot.streaming} />}
    </Box>
  );
}
