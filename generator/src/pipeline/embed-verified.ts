import type { Pcm } from "../../audio/src/pcm.js";
import { detectWatermark, embedWatermark, type WatermarkKey } from "../../audio/src/watermark/index.js";

/**
 * SNR floors tried in turn. The first is the scheme's default (inaudible on dense music); sparse renders of a small
 * model (a few notes a second, silence between) can leave too few cheap units at that floor for a detection, so the
 * floor steps down until the clean output is detected.
 */
export const VERIFY_SNR_FLOORS_DB = [38.5, 34, 30] as const;

export interface EmbedVerifiedReturnType {
  pcm: Pcm;
  snrDb: number;
  /** The SNR floor the embedder was held to for the output. */
  targetSnrDb: number;
  /** The clean output was detected with its payload (always checked; false only when every floor failed). */
  verified: boolean;
}

/**
 * Embeds the payload and checks, with the detector the server runs, that the output itself carries it; when it does
 * not, embeds again at the next lower SNR floor. Deterministic: the same input gives the same output.
 *
 * @example
 * const marked = embedVerified(rendered.pcm, key, payload);
 * if (!marked.verified) log("the watermark could not be verified on this output");
 */
export function embedVerified(pcm: Pcm, key: WatermarkKey, payload: Uint8Array): EmbedVerifiedReturnType {
  let last: EmbedVerifiedReturnType | undefined;
  for (const targetSnrDb of VERIFY_SNR_FLOORS_DB) {
    const marked = embedWatermark(pcm, key, payload, { targetSnrDb });
    if (!Number.isFinite(marked.snrDb)) return { pcm: marked.pcm, snrDb: marked.snrDb, targetSnrDb, verified: false }; // silence: nothing to mark
    // Checked on what is written: the 16-bit samples of the WAV (on a borderline output the rounding decides).
    const written = toWrittenSamples(marked.pcm);
    // The output is at nominal speed: the offsets-only search is enough, and a third of the cost.
    const found = detectWatermark(written, key, { searchScales: false });
    const verified = found.detected && found.payload !== undefined && Buffer.from(found.payload).equals(Buffer.from(payload));
    last = { pcm: written, snrDb: marked.snrDb, targetSnrDb, verified };
    if (verified) return last;
  }
  return last!;
}

/** The samples a 16-bit WAV holds (encodeWav "s16" rounds x * 32768 and clips; the decoder divides by 32768). */
function toWrittenSamples(pcm: Pcm): Pcm {
  return {
    sampleRate: pcm.sampleRate,
    channels: pcm.channels.map((channel) => channel.map((x) => Math.max(-32768, Math.min(32767, Math.round(x * 32768))) / 32768)),
  };
}
