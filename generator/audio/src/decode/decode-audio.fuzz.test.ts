import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { AudioError } from "../errors/audio-error.js";
import { SeededRandom } from "../random/seeded-random.js";
import { decodeAudio } from "./decode-audio.js";
import { FIXTURES, readFixture, type FixtureName } from "./testing/fixtures.js";
import { mutate } from "./testing/mutate.js";
import { pcmProblem } from "./testing/pcm-problem.js";
import { withTimeout } from "./testing/with-timeout.js";

/** Mutations per fixture. */
const MUTATIONS = 200;
/**
 * Per-call bound: a decode of these few-second files takes milliseconds, so 5 s only catches a decoder that has
 * gone pathological (an endless resync loop, runaway output), not a slow machine.
 */
const CALL_LIMIT_MS = 5000;

describe("decodeAudio on damaged files (seeded fuzz)", () => {
  // The wasm decoders print every damaged frame to the console; thousands of lines would bury the test report.
  beforeAll(() => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    vi.spyOn(console, "warn").mockImplementation(() => {});
  });
  afterAll(() => vi.restoreAllMocks());

  it.each(Object.keys(FIXTURES) as FixtureName[])(
    "%s: returns valid Pcm or throws an AudioError, for every mutation",
    async (name) => {
      const original = readFixture(name);
      const rng = new SeededRandom(0x5eed ^ name.length ^ (original.length << 4));
      const outcomes = { decoded: 0, rejected: new Map<string, number>() };
      for (let i = 0; i < MUTATIONS; i++) {
        const { bytes, description } = mutate(original, rng);
        const label = `${name} mutation ${i} (${description})`;
        try {
          const audio = await withTimeout(label, CALL_LIMIT_MS, () => decodeAudio(bytes));
          const problem = pcmProblem(audio);
          if (problem) expect.fail(`${label}: invalid Pcm: ${problem}`);
          outcomes.decoded++;
        } catch (error) {
          if (!(error instanceof AudioError)) {
            expect.fail(`${label}: threw ${error instanceof Error ? error.stack : String(error)}`);
          }
          outcomes.rejected.set(error.code, (outcomes.rejected.get(error.code) ?? 0) + 1);
        }
      }
      // Both outcomes occur: the mutations neither all miss the parser nor all break it.
      expect(outcomes.decoded).toBeGreaterThan(0);
      expect(outcomes.rejected.size).toBeGreaterThan(0);
    },
  );
});
