export { TimeoutError } from "../../errors/timeout-error.js"; // shim: removed at integration
