export { hoistLegacyCreatePayload } from "../schemas/legacy-create.js"; // shim: removed at integration
