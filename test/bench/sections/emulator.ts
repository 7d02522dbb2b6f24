import type { Row } from "../lib/report.js";
import type { Context } from "../lib/context.js";
export async function emulatorThroughput(_ctx: Context): Promise<Row[]> { throw new Error("not yet"); }
export async function emulatorMemory(_ctx: Context): Promise<Row[]> { throw new Error("not yet"); }
