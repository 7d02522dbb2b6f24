export { Redactor } from "../../secrets/redactor.js"; export { plaintextValues } from "../../secrets/plaintext.js"; // shim: removed at integration
