import { connect } from "./src/emulator/index.js";
const { client, close } = await connect();
await client.updateEndpointRateLimits({ endpoint: "chat", config: { rate_limits: [{ key: "user", renewal_period: "minute", calls: 200 }] } });
for (const gap of [3800, 4000, 4200, 4500, 4800, 5000, 5200]) {
  await client.predict({ endpoint: "chat", inputs: { messages: [{ role: "user", content: "hi" }] } });
  await new Promise((r) => setTimeout(r, gap));
  try { let n = 0; for await (const _ of client.predictStream({ endpoint: "chat", inputs: { messages: [{ role: "user", content: "hi" }] } })) n++; console.log(gap, "ok", n); } catch (e) { console.log(gap, "ERR", (e as Error).message); }
}
await close();
