import { EmptyAudioError, TruncatedAudioError } from "../errors/decode-error.js";
import type { DecodedAudio, DecodeOptions } from "./decoded-audio.js";
import { checkByteLimit, checkDurationLimit, resolveLimits } from "./limits.js";
import { readWavChunks } from "./wav-chunks.js";
import { parseWavFmt } from "./wav-fmt.js";
import { readWavSamples } from "./wav-samples.js";

/**
 * Decodes a WAV file (RIFF, RF64 or BW64; PCM 8-bit unsigned, 16/24/32-bit signed, 32/64-bit float; plain or
 * WAVE_FORMAT_EXTENSIBLE; any channel count) with the package's own parser: WAV needs no codec, and reading it here
 * keeps the exact sample values (which pcmSha256 depends on) free of any decoder's conversions.
 *
 * The duration is known from the header, so maxSeconds is checked before the output is allocated. A data chunk that
 * declares more bytes than the file holds throws TruncatedAudioError (or, with allowTruncated, decodes what is
 * there); a placeholder size (0xFFFFFFFF, as written to a pipe) means "up to the end of the file". A trailing
 * partial frame is dropped.
 *
 * @example
 * const audio = await decodeWav(new Uint8Array(await readFile("take.wav")));
 * audio.channels.length; // 2
 */
export async function decodeWav(bytes: Uint8Array, options: DecodeOptions = {}): Promise<DecodedAudio> {
  const limits = resolveLimits(options);
  checkByteLimit(bytes.length, limits);
  const chunks = readWavChunks(bytes);
  const format = parseWavFmt(chunks.fmt);
  const truncated = chunks.declaredDataLength > chunks.dataLength;
  if (truncated && !options.allowTruncated) {
    throw new TruncatedAudioError(
      `the data chunk declares ${chunks.declaredDataLength} bytes, the file holds ${chunks.dataLength}`,
    );
  }
  const frames = Math.floor(chunks.dataLength / format.blockAlign);
  if (frames === 0) throw new EmptyAudioError("the WAV data chunk holds no complete frame");
  checkDurationLimit(frames, format.sampleRate, limits);
  const channels = readWavSamples(bytes, chunks.dataOffset, frames, format);
  return { format: "wav", sampleRate: format.sampleRate, channels, truncated, corruptFrames: 0 };
}
