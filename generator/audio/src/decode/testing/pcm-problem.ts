/** Test support: what is wrong with a decoded Pcm, if anything. */
import type { Pcm } from "../../pcm.js";

/** A description of the first broken invariant of `pcm`, or undefined when it is valid non-empty audio. */
export function pcmProblem(pcm: Pcm): string | undefined {
  if (!Number.isInteger(pcm.sampleRate) || pcm.sampleRate <= 0) return `sample rate ${pcm.sampleRate}`;
  if (pcm.channels.length === 0) return "no channels";
  const length = pcm.channels[0]!.length;
  if (length === 0) return "no samples";
  for (const [c, channel] of pcm.channels.entries()) {
    if (!(channel instanceof Float32Array)) return `channel ${c} is not a Float32Array`;
    if (channel.length !== length) return `channel ${c} has ${channel.length} samples, channel 0 has ${length}`;
    for (let i = 0; i < channel.length; i++) if (!Number.isFinite(channel[i]!)) return `channel ${c}[${i}] = ${channel[i]}`;
  }
  return undefined;
}
