import { z } from "zod";
import { tool, type Tool } from "../../src/index.js";

// The built-in demo tools of `deployments chat --demo-tools`: small, offline and deterministic, so
// a newcomer sees a whole tool loop on the emulator (ask "get weather in Paris") with no code.

function hashOf(text: string): number {
  let h = 2166136261;
  for (const ch of text.toLowerCase()) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return h;
}

const CONDITIONS = ["sunny", "cloudy", "light rain", "windy", "foggy", "snow showers"] as const;

/** Made-up but stable weather: the same city always gets the same answer. */
const getWeather = tool({
  name: "get_weather",
  description: "Current weather in a city (demo data: made up, but the same city always gets the same answer)",
  parameters: z.object({ city: z.string().describe("City name"), unit: z.enum(["c", "f"]).describe("c for Celsius, f for Fahrenheit") }),
  execute: ({ city, unit }) => {
    const h = hashOf(city);
    const celsius = (h % 35) - 5;
    return { city, temperature: unit === "f" ? Math.round(celsius * 1.8 + 32) : celsius, unit, conditions: CONDITIONS[h % CONDITIONS.length], source: "demo" };
  },
});

/** The real current time, in an IANA time zone. */
const getTime = tool({
  name: "get_time",
  description: "The current date and time in an IANA time zone such as Europe/Paris (UTC when the zone is unknown)",
  parameters: z.object({ timezone: z.string().describe("IANA time zone, e.g. Europe/Paris") }),
  execute: ({ timezone }) => {
    let zone = timezone;
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: zone });
    } catch {
      zone = "UTC";
    }
    const now = new Date();
    return { timezone: zone, iso: now.toISOString(), local: now.toLocaleString("en-GB", { timeZone: zone, dateStyle: "full", timeStyle: "long" }) };
  },
});

/** One arithmetic operation (division by zero is an error the model gets to see). */
const calculate = tool({
  name: "calculate",
  description: "Arithmetic on two numbers: a op b, with op one of + - * /",
  parameters: z.object({ a: z.number(), op: z.enum(["+", "-", "*", "/"]), b: z.number() }),
  execute: ({ a, op, b }) => {
    if (op === "/" && b === 0) throw new Error("division by zero");
    const value = op === "+" ? a + b : op === "-" ? a - b : op === "*" ? a * b : a / b;
    return { expression: `${a} ${op} ${b}`, value };
  },
});

/**
 * The demo tool set: `get_weather`, `get_time`, `calculate`.
 *
 * @example
 * new Conversation({ client, endpoint: "chat", tools: demoTools() });
 */
export function demoTools(): Tool[] {
  return [getWeather, getTime, calculate] as Tool[];
}
