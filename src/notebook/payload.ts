import { redactSecrets } from "./redact.js";
import { escapeHtml, htmlJson, prettyJson, Rendered } from "./rendered.js";

/**
 * Paths where two JSON-like values differ (`config.served_entities[0].name`), object key order
 * ignored; at most `limit` of them.
 *
 * @example
 * jsonDifferences({ a: 1, b: [1] }, { b: [2], a: 1 }); // ["b[0]"]
 */
export function jsonDifferences(left: unknown, right: unknown, limit = 20): string[] {
  const out: string[] = [];
  const walk = (a: unknown, b: unknown, path: string) => {
    if (out.length >= limit) return;
    if (Array.isArray(a) && Array.isArray(b)) {
      for (let i = 0; i < Math.max(a.length, b.length); i++) {
        if (i >= a.length || i >= b.length) out.push(`${path}[${i}]`);
        else walk(a[i], b[i], `${path}[${i}]`);
      }
    } else if (a !== null && b !== null && typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b)) {
      const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
      for (const key of [...keys].sort()) {
        const at = path ? `${path}.${key}` : key;
        const inA = Object.hasOwn(a, key) && (a as Record<string, unknown>)[key] !== undefined;
        const inB = Object.hasOwn(b, key) && (b as Record<string, unknown>)[key] !== undefined;
        if (inA !== inB) out.push(at);
        else if (inA) walk((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], at);
      }
    } else if (!Object.is(a, b)) {
      out.push(path || "(root)");
    }
  };
  walk(left, right, "");
  return out;
}

/**
 * Options of `payloadComparison`.
 *
 * @example
 * payloadComparison(built, rest, { leftTitle: "builder", rightTitle: "MLflow docs" });
 */
export interface PayloadComparisonOptions {
  /** Heading of the left column; default "built". */
  leftTitle?: string;
  /** Heading of the right column; default "REST payload". */
  rightTitle?: string;
}

/**
 * Two payloads side by side — typically what a builder's `.build()` returns beside the REST
 * dict from the documentation — with a verdict: equal, or the paths where they differ.
 * Secret values are masked in both.
 *
 * @example
 * show(payloadComparison(endpoint("chat").externalModel(...).build(), restDictFromTheDocs));
 */
export function payloadComparison(left: unknown, right: unknown, options: PayloadComparisonOptions = {}): Rendered {
  const leftTitle = options.leftTitle ?? "built";
  const rightTitle = options.rightTitle ?? "REST payload";
  const differences = jsonDifferences(left, right);
  const verdict = differences.length === 0 ? "✔ equal" : `✘ ${differences.length} difference${differences.length === 1 ? "" : "s"}: ${differences.join(", ")}`;
  const leftText = prettyJson(redactSecrets(left));
  const rightText = prettyJson(redactSecrets(right));
  // Two fixed halves: the right column starts at the same x in every comparison of a notebook.
  const column = (title: string, text: string) => `<td style="width:50%;text-align:left;vertical-align:top"><b>${escapeHtml(title)}</b>${htmlJson(text)}</td>`;
  return new Rendered({
    html: `<div><p style="margin:0.2em 0"><b>${escapeHtml(verdict)}</b></p><table style="table-layout:fixed;width:100%"><tr>${column(leftTitle, leftText)}${column(rightTitle, rightText)}</tr></table></div>`,
    text: `${verdict}\n── ${leftTitle}\n${leftText}\n── ${rightTitle}\n${rightText}`,
  });
}
