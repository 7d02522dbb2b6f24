export { EndpointUpdateError } from "../../errors/endpoint-update-error.js"; // shim: removed at integration
