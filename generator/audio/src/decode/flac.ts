import { FLACDecoder } from "@wasm-audio-decoders/flac";
import { CorruptAudioError, UnsupportedFormatError } from "../errors/decode-error.js";
import { hasAscii } from "./bytes.js";
import type { DecodedAudio, DecodeOptions } from "./decoded-audio.js";
import { finishDecode } from "./finish-decode.js";
import { splitFlacFrames, type FlacFrame } from "./flac-frames.js";
import { readFlacStreamInfo, type FlacStreamInfo } from "./flac-metadata.js";
import { skipId3v2 } from "./id3v2.js";
import { checkByteLimit, checkDurationLimit, resolveLimits } from "./limits.js";
import { runWasmDecoder, type DecoderFeed, type WasmDecodedBlock } from "./wasm-decode.js";

/**
 * Decodes native FLAC (libFLAC in wasm, via @wasm-audio-decoders/flac). Samples come out as int / 2^(bits-1), exactly
 * as the WAV parser scales them, so 16-bit FLAC and 16-bit WAV of the same audio give the same floats (and the same
 * pcmSha256). The decoder package itself scales by 2^(bits-1) - 1 (16-bit 1594 becomes 1594 / 32767, and -32768
 * becomes -1.00003); each sample is mapped back to its integer, which is exact for up to 24 bits, and rescaled.
 *
 * STREAMINFO is read first: its total sample count checks maxSeconds before decoding. The frames are split here (see
 * splitFlacFrames) and decoded one by one, so that a damaged frame costs that frame only: libFLAC rejects it (CRC
 * mismatch), it is counted in `corruptFrames` and replaced by silence of its length, which keeps every later sample
 * at its time (fingerprint offsets stay right). A last frame cut short, or fewer samples than STREAMINFO declares,
 * marks truncation. A leading ID3v2 tag is skipped.
 *
 * @example
 * const audio = await decodeFlac(bytes); // { format: "flac", sampleRate: 44100, channels: [left, right], ... }
 */
export async function decodeFlac(bytes: Uint8Array, options: DecodeOptions = {}): Promise<DecodedAudio> {
  const limits = resolveLimits(options);
  checkByteLimit(bytes.length, limits);
  const start = hasAscii(bytes, 0, "fLaC") ? 0 : skipId3v2(bytes, 0);
  if (!hasAscii(bytes, start, "fLaC")) throw new UnsupportedFormatError("not FLAC (no fLaC marker)");
  const info = readFlacStreamInfo(bytes, start);
  if (info.totalSamples > 0) checkDurationLimit(info.totalSamples, info.sampleRate, limits);

  const split = splitFlacFrames(bytes, info);
  if (split.frames.length === 0 && info.audioStart < bytes.length) {
    throw new CorruptAudioError("no FLAC frame header after the metadata");
  }
  const last = split.frames.length - 1;
  const feed: DecoderFeed<FLACDecoder> = function* (decoder) {
    for (const [i, frame] of split.frames.entries()) {
      // A frame cut off by the end of the file is truncation, not damage: nothing stands in for it.
      const conceal = !(i === last && split.truncated);
      yield decodeFrame(decoder, frame, info, conceal);
    }
  };
  const result = await runWasmDecoder("FLAC", () => new FLACDecoder(), feed, limits);
  return finishDecode("flac", result, split, options);
}

async function decodeFrame(
  decoder: FLACDecoder,
  frame: FlacFrame,
  info: FlacStreamInfo,
  conceal: boolean,
): Promise<WasmDecodedBlock> {
  const decoded = await decoder.decodeFrames([frame.bytes]);
  if (decoded.samplesDecoded > 0) {
    rescale(decoded.channelData, decoded.bitDepth || info.bitsPerSample);
    return decoded;
  }
  if (decoded.errors.length === 0 || !conceal) return decoded;
  const silence = Array.from({ length: info.channels }, () => new Float32Array(frame.blockSize));
  return { channelData: silence, samplesDecoded: frame.blockSize, sampleRate: info.sampleRate, errors: decoded.errors };
}

/**
 * From the decoder's v / (2^(b-1) - 1) to v / 2^(b-1). The float32 the decoder returns is within 2^-24 (relative) of
 * v / (2^(b-1) - 1), so multiplying back lands within 0.5 of v for b <= 24 and rounding recovers v exactly.
 */
function rescale(channels: Float32Array[], bits: number): void {
  const full = 2 ** (bits - 1);
  const decoderScale = full - 1;
  for (const channel of channels) {
    for (let i = 0; i < channel.length; i++) channel[i] = Math.round(channel[i]! * decoderScale) / full;
  }
}
