import type { Pcm } from "../pcm.js";
import { mapChannels, requireNumber, requirePcm } from "./validate.js";

export interface EchoParameters {
  /** Delay of the echo in seconds (rounded to whole samples, at least one). */
  delaySeconds: number;
  /** Amplitude of the echo relative to the direct sound, in [0, 1]. */
  decay: number;
}

/**
 * Adds one delayed, attenuated copy: y[i] = x[i] + decay * x[i - D]. The length is kept (the echo's tail past the end
 * is dropped) and the result is not clipped (peaks up to 1 + decay). Returns a new Pcm.
 *
 * @example
 * const room = echo(pcm, { delaySeconds: 0.1, decay: 0.4 });
 */
export function echo(pcm: Pcm, { delaySeconds, decay }: EchoParameters): Pcm {
  requirePcm("echo", pcm);
  requireNumber("echo", "delaySeconds", delaySeconds, { above: 0, max: 60 });
  requireNumber("echo", "decay", decay, { min: 0, max: 1 });
  const d = Math.max(1, Math.round(delaySeconds * pcm.sampleRate));
  return mapChannels(pcm, (channel) => {
    const out = Float32Array.from(channel);
    for (let i = d; i < out.length; i++) out[i] = channel[i]! + decay * channel[i - d]!;
    return out;
  });
}
