/**
 * databricks-deployments/notebook — display helpers for tslab notebooks: HTML tables of endpoints,
 * an endpoint card, chat transcripts as Markdown, usage summaries, payload comparisons, error
 * cards and a live streamed-reply renderer. Rich output through `tslab.display` inside a tslab
 * kernel, plain text elsewhere; secret values are masked in everything shown.
 *
 * @example
 * import { show, endpointsTable, renderStream } from "databricks-deployments/notebook";
 * show(endpointsTable(await client.listEndpoints()));
 * @packageDocumentation
 */
export { Rendered, escapeHtml } from "./rendered.js";
export { redactSecrets, REDACTED } from "./redact.js";
export { show, jsonView, tslabDisplay, type NotebookDisplay, type ShowOptions } from "./display.js";
export { endpointsTable, endpointCard } from "./endpoints.js";
export { stateLabel, servedEntityLines, tagLines, rateLimitLines, type EndpointLike } from "../conversation/describe-endpoint.js";
export { transcript, type ConversationLike, type TurnLike, type MessageLike } from "./transcript.js";
export { usageSummary, type UsageLike, type UsageRow } from "./usage.js";
export { payloadComparison, jsonDifferences, type PayloadComparisonOptions } from "./payload.js";
export { errorView } from "./error-view.js";
export { renderStream, type StreamedReply, type RenderStreamOptions } from "./stream.js";
export { safeMarkdown } from "./markdown.js";
export { toolCallsTable } from "./tool-calls.js";
export { batchProgress, progressText, type BatchProgressOptions } from "./batch-progress.js";
export { batchTable, type BatchTableOptions } from "./batch-table.js";
