import { suite } from "uvu";
import * as assert from "uvu/assert";
import { getEventListeners } from "node:events";
import { abortRace } from "../../src/conversation/abort-race.js";

const test = suite("abortRace");

test("a read's value, a read's rejection, then 'aborted' for the pending read when the signal fires", async () => {
  const ac = new AbortController();
  const race = abortRace(ac.signal);
  assert.is(await race(Promise.resolve(1)), 1);
  try {
    await race(Promise.reject(new Error("boom")));
    assert.unreachable("the rejection must pass through");
  } catch (error) {
    assert.is((error as Error).message, "boom");
  }
  const pending = race(new Promise<never>(() => undefined));
  ac.abort();
  assert.is(await pending, "aborted");
  assert.is(await race(Promise.resolve(2)), "aborted", "after the abort every read is 'aborted'");
});

test("an already-aborted signal answers 'aborted' at once", async () => {
  const race = abortRace(AbortSignal.abort());
  assert.is(await race(new Promise<never>(() => undefined)), "aborted");
});

test("5,000 reads leave one abort listener, not 5,000", async () => {
  const ac = new AbortController();
  const race = abortRace(ac.signal);
  for (let i = 0; i < 5000; i++) await race(Promise.resolve(i));
  assert.is(getEventListeners(ac.signal, "abort").length, 1);
});

test.run();
