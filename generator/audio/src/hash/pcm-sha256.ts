import { createHash } from "node:crypto";
import { InvalidPcmError } from "../errors/pcm-error.js";
import type { Pcm } from "../pcm.js";

/** Frames hashed per update: 8192 frames of stereo is a 32 KiB buffer, reused. */
const FRAMES_PER_UPDATE = 8192;
/** Int16Array writes in the platform's byte order; on the (usual) little-endian platforms that is the canonical one. */
const LITTLE_ENDIAN_PLATFORM = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/**
 * SHA-256 (lowercase hex) of the canonical 16-bit PCM of `pcm`: the identity of the audio content itself, independent
 * of the file that carried it. The manifest records it as the PCM SHA-256 next to the file's own SHA-256.
 *
 * Canonical form, exactly:
 * - each sample x becomes q = clamp(Math.round(x * 32768), -32768, 32767), where Math.round rounds halves towards
 *   +infinity and NaN counts as 0;
 * - q is written as a 16-bit two's complement little-endian integer;
 * - samples are interleaved by frame (frame 0 of channel 0, 1, ..., then frame 1...), at the native sample rate and
 *   channel count, with no header: the digest covers the sample bytes only.
 *
 * Why a WAV and a FLAC of the same 16-bit audio give the same digest: the WAV parser reads a 16-bit sample v as
 * v / 32768, and decodeFlac returns libFLAC's integers as the same v / 32768 (it undoes the wasm package's 1 / 32767
 * scaling, see decode/flac.ts). v / 32768 is exact in float32 (v has 16 significant bits), so x * 32768 gives back
 * the integer v exactly, rounding is the identity, and the bytes hashed are the original 16-bit samples in the order
 * a 16-bit interleaved WAV stores them. The container (chunk layout, tags, FLAC compression level, block size) never
 * reaches the digest. For the same reason the digest of a 16-bit source equals
 * `ffmpeg -i FILE -f s16le - | sha256sum`. See docs/audio-hashes.md.
 *
 * What it does not promise: sources deeper than 16 bits are rounded to 16, so a 24-bit file and its 16-bit
 * rendering can share a digest only if the rendering rounded the same way; lossy formats give a digest of their
 * decoder's output, stable for one decoder build but not across decoders. Rate and channel count are not hashed:
 * record them beside the digest.
 *
 * Throws InvalidPcmError for no channels or channels of different lengths. Memory use is constant: samples are
 * quantised into a small reused buffer and hashed in chunks.
 *
 * @example
 * pcmSha256(await decodeAudio(wavBytes)) === pcmSha256(await decodeAudio(flacBytes)); // same 16-bit audio
 */
export function pcmSha256(pcm: Pcm): string {
  const { channels } = pcm;
  const channelCount = channels.length;
  if (channelCount === 0) throw new InvalidPcmError("no channels");
  const frames = channels[0]!.length;
  if (channels.some((c) => c.length !== frames)) throw new InvalidPcmError("channels of different lengths");

  const hash = createHash("sha256");
  const buffer = new ArrayBuffer(FRAMES_PER_UPDATE * channelCount * 2);
  const samples = new Int16Array(buffer);
  const view = new DataView(buffer);
  const bytes = new Uint8Array(buffer);
  for (let start = 0; start < frames; start += FRAMES_PER_UPDATE) {
    const end = Math.min(frames, start + FRAMES_PER_UPDATE);
    for (let c = 0; c < channelCount; c++) {
      const channel = channels[c]!;
      let at = c;
      if (LITTLE_ENDIAN_PLATFORM) {
        for (let i = start; i < end; i++, at += channelCount) samples[at] = quantise16(channel[i]!);
      } else {
        for (let i = start; i < end; i++, at += channelCount) view.setInt16(at * 2, quantise16(channel[i]!), true);
      }
    }
    hash.update(bytes.subarray(0, (end - start) * channelCount * 2));
  }
  return hash.digest("hex");
}

/** The canonical 16-bit value of a sample (see pcmSha256). */
export function quantise16(x: number): number {
  const q = Math.round(x * 32768);
  if (q > 32767) return 32767;
  if (q < -32768) return -32768;
  return q || 0; // NaN and -0 become 0.
}
