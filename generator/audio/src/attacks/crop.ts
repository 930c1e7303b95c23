import { InvalidAttackParameterError } from "../errors/attack-error.js";
import { pcmLength, type Pcm } from "../pcm.js";
import { mapChannels, requireNumber, requirePcm } from "./validate.js";

export interface CropParameters {
  /** Start of the excerpt in seconds from the beginning (rounded to the nearest sample). */
  startSeconds: number;
  /** Length of the excerpt in seconds (rounded to the nearest sample); to the end when omitted. */
  durationSeconds?: number;
}

/**
 * The excerpt [round(start * rate), round(start * rate) + round(duration * rate)) of every channel, copied.
 *
 * @throws InvalidAttackParameterError when the excerpt does not lie within the signal or is empty.
 * @example
 * const query = crop(pcm, { startSeconds: 30, durationSeconds: 10 });
 */
export function crop(pcm: Pcm, { startSeconds, durationSeconds }: CropParameters): Pcm {
  requirePcm("crop", pcm);
  const n = pcmLength(pcm);
  const rate = pcm.sampleRate;
  const start = Math.round(requireNumber("crop", "startSeconds", startSeconds, { min: 0 }) * rate);
  if (start >= n) {
    throw new InvalidAttackParameterError("crop", "startSeconds", startSeconds, `< the signal's ${n / rate} s`);
  }
  const length =
    durationSeconds === undefined
      ? n - start
      : Math.round(requireNumber("crop", "durationSeconds", durationSeconds, { above: 0 }) * rate);
  if (length <= 0 || start + length > n) {
    throw new InvalidAttackParameterError(
      "crop",
      "durationSeconds",
      durationSeconds,
      `an excerpt of at least one sample ending within the signal (${((n - start) / rate).toFixed(6)} s left after the start)`,
    );
  }
  return mapChannels(pcm, (channel) => channel.slice(start, start + length));
}
