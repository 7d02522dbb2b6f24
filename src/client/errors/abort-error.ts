export { AbortError } from "../../errors/abort-error.js"; // shim: removed at integration
