import { OggOpusDecoder } from "ogg-opus-decoder";
import { CorruptAudioError, TruncatedAudioError, UnsupportedFormatError } from "../errors/decode-error.js";
import { hasAscii } from "./bytes.js";
import type { DecodedAudio, DecodeOptions } from "./decoded-audio.js";
import { finishDecode } from "./finish-decode.js";
import { checkByteLimit, checkDurationLimit, resolveLimits } from "./limits.js";
import { scanOggStream } from "./ogg-pages.js";
import { feedSlices, runWasmDecoder } from "./wasm-decode.js";

/** Opus always decodes at 48 kHz, and granule positions count 48 kHz samples whatever the source rate was. */
const OPUS_RATE = 48000;

/**
 * Decodes Ogg Opus (libopus in wasm, via ogg-opus-decoder) at 48 kHz, the only rate Opus has (the header's "input
 * sample rate" is informational). The pre-skip and end trimming follow the granule positions.
 *
 * The pages are walked first: granule positions give the duration before decoding (maxSeconds), and a page cut short
 * or a missing end-of-stream page marks truncation. Only complete pages go to the decoder: given a file cut inside a
 * page, ogg-opus-decoder emitted several times more samples than the whole file holds (a 12 KB prefix of a 2 s file
 * decoded to 6.9 s).
 *
 * @example
 * const audio = await decodeOpus(bytes); // { format: "opus", sampleRate: 48000, ... }
 */
export async function decodeOpus(bytes: Uint8Array, options: DecodeOptions = {}): Promise<DecodedAudio> {
  const limits = resolveLimits(options);
  checkByteLimit(bytes.length, limits);
  const scan = scanOggStream(bytes);
  const head = scan.firstPacket;
  if (!head) {
    if (hasAscii(bytes, 0, "OggS")) throw new TruncatedAudioError("the file ends inside the first Ogg page");
    throw new UnsupportedFormatError("not Ogg (no OggS page)");
  }
  if (!hasAscii(head, 0, "OpusHead")) throw new UnsupportedFormatError("an Ogg stream that is not Opus");
  checkOpusHead(head);
  checkDurationLimit(scan.granuleSamples, OPUS_RATE, limits);

  const result = await runWasmDecoder("Opus", () => new OggOpusDecoder(), feedSlices(bytes.subarray(0, scan.end)), limits);
  return finishDecode("opus", result, scan, options);
}

/**
 * Validates the OpusHead packet (RFC 7845, section 5.1) before the decoder sees it: given a head whose channel count
 * disagrees with its mapping table, the wasm decoder reads out of bounds or divides by zero instead of failing.
 */
function checkOpusHead(head: Uint8Array): void {
  const bad = (what: string) => new CorruptAudioError(`bad OpusHead: ${what}`);
  if (head.length < 19) throw bad("shorter than 19 bytes");
  // Versions 0-15 are compatible with version 1; higher major versions are not.
  if (head[8]! > 15) throw new UnsupportedFormatError(`Opus header version ${head[8]}`);
  const channels = head[9]!;
  const family = head[18]!;
  if (channels === 0) throw bad("0 channels");
  if (family === 0) {
    if (channels > 2) throw bad(`${channels} channels in mapping family 0`);
    return;
  }
  if (family !== 1 && family !== 255) throw new UnsupportedFormatError(`Opus channel mapping family ${family}`);
  if (family === 1 && channels > 8) throw bad(`${channels} channels in mapping family 1`);
  if (head.length < 21 + channels) throw bad("channel mapping table cut short");
  const streams = head[19]!;
  const coupled = head[20]!;
  if (streams === 0 || coupled > streams || streams + coupled > 255) throw bad(`${streams} streams, ${coupled} coupled`);
  for (let c = 0; c < channels; c++) {
    const index = head[21 + c]!;
    if (index !== 255 && index >= streams + coupled) throw bad(`channel ${c} maps to stream ${index}`);
  }
}
