import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { TruncatedAudioError } from "../errors/decode-error.js";
import { decodeAudio } from "./decode-audio.js";
import { FIXTURES, readFixture, type FixtureName } from "./testing/fixtures.js";

/** Cut points: inside the signatures, inside the headers, inside the audio, one byte short. */
function cutPoints(length: number): number[] {
  const fixed = [1, 3, 8, 11, 20, 40, 100, 1000];
  const relative = [0.25, 0.5, 0.75].map((f) => Math.floor(length * f));
  return [...fixed, ...relative, length - 1].filter((n) => n > 0 && n < length);
}

describe("every format cut short throws TruncatedAudioError", () => {
  beforeAll(() => {
    vi.spyOn(console, "error").mockImplementation(() => {});
  });
  afterAll(() => vi.restoreAllMocks());

  it.each(Object.keys(FIXTURES) as FixtureName[])("%s", async (name) => {
    const bytes = readFixture(name);
    for (const cut of cutPoints(bytes.length)) {
      const outcome = await decodeAudio(bytes.subarray(0, cut)).then(
        (audio) => `decoded ${audio.channels[0]!.length} samples`,
        (error: unknown) => error,
      );
      expect(outcome, `cut at ${cut} of ${bytes.length}`).toBeInstanceOf(TruncatedAudioError);
    }
  });
});
