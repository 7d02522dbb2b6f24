import { errorView } from "./error-view.js";
import { redactSecrets } from "./redact.js";
import { htmlJson, prettyJson, Rendered } from "./rendered.js";

/**
 * Where rich output goes: tslab's `display` object, or anything with the same methods (a test double,
 * another kernel's adapter). `update()` makes one display entry that later calls overwrite.
 *
 * @example
 * const display: NotebookDisplay = { html: (s) => log.push(s), markdown: (s) => log.push(s), text: (s) => log.push(s) };
 * show(endpointsTable(endpoints), { display });
 */
export interface NotebookDisplay {
  html(html: string): void;
  markdown(markdown: string): void;
  text(text: string): void;
  /** A fresh display entry that each call overwrites (tslab's `newDisplay()`); absent elsewhere. */
  newDisplay?: () => Omit<NotebookDisplay, "newDisplay">;
}

interface TslabModule {
  display: { html(s: string): void; markdown(s: string): void; text(s: string): void };
  newDisplay(): { html(s: string): void; markdown(s: string): void; text(s: string): void };
}

/**
 * The display of the tslab kernel this code runs in, or `undefined` outside a tslab notebook.
 * Found through the kernel itself (tslab's `__tslab__` global), so tslab is not a dependency of
 * this package and the helpers work the same from its CommonJS and ESM builds.
 *
 * @example
 * if (tslabDisplay()) console.log("in a notebook");
 */
export function tslabDisplay(): NotebookDisplay | undefined {
  const host = (globalThis as { __tslab__?: { require?: (id: string) => unknown } }).__tslab__;
  if (typeof host?.require !== "function") return undefined;
  const tslab = host.require("tslab") as Partial<TslabModule> | undefined;
  if (!tslab?.display || typeof tslab.newDisplay !== "function") return undefined;
  const { display } = tslab;
  const newDisplay = tslab.newDisplay.bind(tslab);
  return {
    html: (s) => display.html(s),
    markdown: (s) => display.markdown(s),
    text: (s) => display.text(s),
    newDisplay: () => newDisplay(),
  };
}

/**
 * Options of `show`.
 *
 * @example
 * show(endpointsTable(endpoints), { display: myDisplay });
 */
export interface ShowOptions {
  /** Where to show it; by default tslab's display inside a tslab kernel, `console.log` elsewhere. */
  display?: NotebookDisplay;
}

/**
 * Shows a rendered view (`endpointsTable(...)`, `endpointCard(...)`, …) as HTML or Markdown in a
 * tslab notebook and as text elsewhere. An error is shown as its `errorView`; any other value as
 * pretty JSON with every secret value masked (`redactSecrets`), so
 * `show(await client.getEndpoint("chat"))` is safe to share. A builder shows the payload it builds
 * (or why it cannot).
 *
 * @example
 * show(endpointCard(await client.getEndpoint("chat")));
 * show(await client.predict({ endpoint: "chat", inputs: { messages } }));
 */
export function show(value: unknown, options: ShowOptions = {}): void {
  let rendered: Rendered;
  if (value instanceof Rendered) rendered = value;
  else if (value instanceof Error) rendered = errorView(value);
  else {
    try {
      rendered = jsonView(value);
    } catch (error) {
      // A value whose toJSON throws (an invalid builder): its reason is what to show.
      rendered = errorView(error);
    }
  }
  const display = options.display ?? tslabDisplay();
  if (!display) {
    console.log(rendered.text);
    return;
  }
  if (rendered.markdown !== undefined) display.markdown(rendered.markdown);
  else display.html(rendered.html);
}

/**
 * Pretty JSON of any value, secrets masked, as HTML and text.
 *
 * @example
 * show(jsonView({ name: "chat", config }));
 */
export function jsonView(value: unknown): Rendered {
  const text = typeof value === "string" ? value : prettyJson(redactSecrets(value));
  return new Rendered({ html: htmlJson(text), text });
}
