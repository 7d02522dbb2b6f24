// One redaction path for every face: values (Redactor), secret-bearing keys (maskSecretFields).
export { MASK } from "./mask.js";
export { Redactor } from "./redactor.js";
export { plaintextValues } from "./plaintext.js";
export { isSecretField, maskSecretFields, type MaskOptions } from "./secret-fields.js";
export { isSecretReference, SECRET_REFERENCE } from "./secret-reference.js";
