import { suite } from "uvu";
import * as assert from "uvu/assert";
import fc from "fast-check";
import { countTokens, fillerTokens, tokenize } from "../../../src/emulator/serving/simulated-text.js";
import { simulateText, type SimulationCall } from "../../../src/emulator/serving/simulated-model.js";

const test = suite("simulated model text");

test("countTokens agrees with tokenize, and the tokens rebuild the text (trailing space aside)", () => {
  fc.assert(
    fc.property(fc.string({ unit: fc.constantFrom("a", "b", " ", "\n", "\t", "é", "**", "。") }), (text) => {
      const tokens = tokenize(text);
      assert.is(countTokens(text), tokens.length);
      assert.is(tokens.join(""), text.trimEnd());
    }),
  );
});

test("filler is deterministic per seed and exactly the requested length", () => {
  fc.assert(
    fc.property(fc.nat(3000), fc.nat(), (n, seed) => {
      const a = fillerTokens(n, seed);
      assert.is(a.length, n);
      assert.equal(fillerTokens(n, seed), a);
      assert.is(countTokens(a.join("")), n);
    }),
    { numRuns: 50 },
  );
});

const callFor = (inputs: Record<string, unknown>): SimulationCall => ({ task: "chat", inputs, endpoint: "chat", model: "gpt-4", id: "x", created: 0 });

test("length rules: simulated_tokens exact, max_tokens truncates with 'length', n choices", () => {
  const messages = [{ role: "user", content: "hi" }];
  assert.is(simulateText(callFor({ messages, extra_params: { simulated_tokens: "123" } })).tokens.length, 123);
  assert.is(simulateText(callFor({ messages, extra_params: { simulated_tokens: 10_000_000 } })).tokens.length, 100_000);
  const cut = simulateText(callFor({ messages, extra_params: { simulated_tokens: "500" }, max_tokens: 20 }));
  assert.is(cut.tokens.length, 20);
  assert.is(cut.finishReason, "length");
  const whole = simulateText(callFor({ messages, max_tokens: 4096 }));
  assert.is(whole.finishReason, "stop");
  assert.is(simulateText(callFor({ messages, n: 3 })).n, 3);
  const quoted = simulateText(callFor({ messages: [{ role: "user", content: "first" }, { role: "assistant", content: "x" }, { role: "user", content: [{ type: "text", text: "second part" }] }] }));
  assert.match(quoted.tokens.join(""), "> second part");
});

test.run();
