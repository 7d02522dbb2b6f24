// @heavy: runs a Jupyter kernel (tslab) — never beside the Ink suites
import { executeNotebook } from "./execute-notebook.js";

executeNotebook("05-tools-and-structured-outputs");
