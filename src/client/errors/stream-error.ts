export { StreamError } from "../../errors/stream-error.js"; // shim: removed at integration
