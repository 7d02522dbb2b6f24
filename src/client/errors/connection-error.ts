export { ConnectionError } from "../../errors/connection-error.js"; // shim: removed at integration
