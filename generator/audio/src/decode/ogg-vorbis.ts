import { OggVorbisDecoder } from "@wasm-audio-decoders/ogg-vorbis";
import { CorruptAudioError, TruncatedAudioError, UnsupportedFormatError } from "../errors/decode-error.js";
import { dataView, hasAscii } from "./bytes.js";
import type { DecodedAudio, DecodeOptions } from "./decoded-audio.js";
import { finishDecode } from "./finish-decode.js";
import { checkByteLimit, checkDurationLimit, resolveLimits } from "./limits.js";
import { scanOggStream } from "./ogg-pages.js";
import { feedSlices, runWasmDecoder } from "./wasm-decode.js";

/**
 * Decodes Ogg Vorbis (libvorbis in wasm, via @wasm-audio-decoders/ogg-vorbis), trimmed to the last page's granule
 * position as the format intends.
 *
 * The pages are walked first: the granule positions give the duration before decoding (maxSeconds), and a page cut
 * short or a missing end-of-stream page marks truncation. Only complete pages are passed to the decoder (see
 * decodeOpus for why).
 *
 * @example
 * const audio = await decodeOggVorbis(bytes); // { format: "ogg-vorbis", sampleRate: 44100, ... }
 */
export async function decodeOggVorbis(bytes: Uint8Array, options: DecodeOptions = {}): Promise<DecodedAudio> {
  const limits = resolveLimits(options);
  checkByteLimit(bytes.length, limits);
  const scan = scanOggStream(bytes);
  const id = scan.firstPacket;
  if (!id) {
    if (hasAscii(bytes, 0, "OggS")) throw new TruncatedAudioError("the file ends inside the first Ogg page");
    throw new UnsupportedFormatError("not Ogg (no OggS page)");
  }
  if (!hasAscii(id, 0, "\x01vorbis")) throw new UnsupportedFormatError("an Ogg stream that is not Vorbis");
  const sampleRate = readVorbisSampleRate(id);
  checkDurationLimit(scan.granuleSamples, sampleRate, limits);

  const result = await runWasmDecoder("Vorbis", () => new OggVorbisDecoder(), feedSlices(bytes.subarray(0, scan.end)), limits);
  return finishDecode("ogg-vorbis", result, scan, options);
}

/**
 * Validates the Vorbis identification header (Vorbis I spec, 4.2.2) and returns its sample rate: "\x01vorbis",
 * version 0 (4 bytes), channels (1), sample rate (4), three bitrates (12), block sizes (1), framing bit (1).
 */
function readVorbisSampleRate(id: Uint8Array): number {
  if (id.length < 30) throw new CorruptAudioError("the Vorbis identification header is cut short");
  const view = dataView(id);
  if (view.getUint32(7, true) !== 0) throw new UnsupportedFormatError(`Vorbis version ${view.getUint32(7, true)}`);
  const channels = id[11]!;
  const sampleRate = view.getUint32(12, true);
  if (channels === 0 || sampleRate === 0) throw new CorruptAudioError("the Vorbis header declares 0 channels or 0 Hz");
  return sampleRate;
}
