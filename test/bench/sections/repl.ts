import type { Row } from "../lib/report.js";
import type { Context } from "../lib/context.js";
export async function replTerminal(_ctx: Context): Promise<Row[]> { throw new Error("not yet"); }
