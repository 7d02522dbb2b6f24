export { type ValidationIssue, ValidationError } from "../../errors/validation-error.js"; // shim: removed at integration
