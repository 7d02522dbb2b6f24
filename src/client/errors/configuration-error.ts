export { ConfigurationError } from "../../errors/configuration-error.js"; // shim: removed at integration
