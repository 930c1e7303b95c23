import { EmptyAudioError, TruncatedAudioError, UnsupportedFormatError } from "../errors/decode-error.js";
import { hasAscii, isPrefixOfAscii } from "./bytes.js";
import type { AudioFormat } from "./decoded-audio.js";
import { skipId3v2 } from "./id3v2.js";
import { findMpegFrame } from "./mpeg-frames.js";
import { readFirstOggPacket } from "./ogg-pages.js";

export interface DetectedFormat {
  format: AudioFormat;
  /** Where the format's own stream starts: past an ID3v2 tag that some writers prepend to FLAC; 0 otherwise. */
  offset: number;
}

/** How far past the start (or an ID3v2 tag) to look for the first MPEG frame: some files carry junk or padding. */
const MPEG_SCAN_BYTES = 4096;

/**
 * Identifies the format from the leading bytes alone (file names and MIME types of uploads are not trusted).
 * RIFF/RF64/BW64 "WAVE" (WAVE_FORMAT_EXTENSIBLE and the codec are read later, by the WAV parser), "fLaC" (also after
 * an ID3v2 tag), MPEG audio (an ID3v2 tag or a chain of valid frame headers), Ogg with the codec told apart by the
 * identification packet on the first page (Vorbis or Opus).
 *
 * Throws EmptyAudioError for no bytes, TruncatedAudioError when the input stops inside a signature or header that
 * would decide, and UnsupportedFormatError otherwise (naming the format when it is a known non-supported one).
 */
export function detectFormat(bytes: Uint8Array): DetectedFormat {
  if (bytes.length === 0) throw new EmptyAudioError("the input is empty");

  if (hasAscii(bytes, 0, "RIFF") || hasAscii(bytes, 0, "RF64") || hasAscii(bytes, 0, "BW64")) {
    if (bytes.length < 12) throw new TruncatedAudioError("the input ends inside the RIFF header");
    if (hasAscii(bytes, 8, "WAVE")) return { format: "wav", offset: 0 };
    throw new UnsupportedFormatError(`RIFF form "${String.fromCharCode(...bytes.subarray(8, 12))}" is not WAVE`);
  }
  if (hasAscii(bytes, 0, "fLaC")) return { format: "flac", offset: 0 };
  if (hasAscii(bytes, 0, "OggS")) return { format: detectOggCodec(bytes), offset: 0 };

  const afterTag = skipId3v2(bytes, 0);
  if (afterTag > 0) {
    if (afterTag >= bytes.length) throw new TruncatedAudioError("the input ends inside or right after its ID3v2 tag");
    if (hasAscii(bytes, afterTag, "fLaC")) return { format: "flac", offset: afterTag };
    if (findMpegFrame(bytes, afterTag, MPEG_SCAN_BYTES, 1) !== -1) return { format: "mp3", offset: 0 };
    if (bytes.length - afterTag < 4) throw new TruncatedAudioError("the input ends right after its ID3v2 tag");
    throw new UnsupportedFormatError("an ID3v2 tag followed by neither MPEG audio nor FLAC");
  }
  // Without a tag, ask for three consistent frame headers (or two and the end of the input): random bytes often
  // contain one 0xFFE sync pattern, hardly ever a chain.
  if (findMpegFrame(bytes, 0, MPEG_SCAN_BYTES, 2) !== -1) return { format: "mp3", offset: 0 };

  if (bytes.length < 12 && SIGNATURES.some((s) => isPrefixOfAscii(bytes, 0, s))) {
    throw new TruncatedAudioError(`the input is too short to identify (${bytes.length} bytes)`);
  }
  throw new UnsupportedFormatError(describeUnsupported(bytes));
}

/** Signatures a cut-off input might be the start of. */
const SIGNATURES = ["RIFF", "RF64", "BW64", "fLaC", "OggS", "ID3", "\xff"];

function detectOggCodec(bytes: Uint8Array): AudioFormat {
  const packet = readFirstOggPacket(bytes, 0);
  if (!packet) throw new TruncatedAudioError("the input ends inside the first Ogg page");
  if (hasAscii(packet, 0, "\x01vorbis")) return "ogg-vorbis";
  if (hasAscii(packet, 0, "OpusHead")) return "opus";
  if (hasAscii(packet, 0, "\x7fFLAC")) throw new UnsupportedFormatError("Ogg FLAC");
  if (hasAscii(packet, 0, "Speex")) throw new UnsupportedFormatError("Ogg Speex");
  if (hasAscii(packet, 0, "\x80theora")) throw new UnsupportedFormatError("Ogg Theora (video)");
  throw new UnsupportedFormatError("Ogg with an unknown codec");
}

/** A name for common formats people upload by mistake, else the leading bytes in hex. */
function describeUnsupported(bytes: Uint8Array): string {
  const known: [test: () => boolean, name: string][] = [
    [() => hasAscii(bytes, 4, "ftyp"), "MP4/M4A (AAC, ALAC)"],
    [() => bytes[0] === 0xff && (bytes[1]! & 0xf6) === 0xf0, "AAC in ADTS"],
    [() => hasAscii(bytes, 0, "FORM") && (hasAscii(bytes, 8, "AIFF") || hasAscii(bytes, 8, "AIFC")), "AIFF"],
    [() => hasAscii(bytes, 0, "RIFX"), "big-endian WAV (RIFX)"],
    [() => hasAscii(bytes, 0, "caff"), "Core Audio Format"],
    [() => hasAscii(bytes, 0, "wvpk"), "WavPack"],
    [() => hasAscii(bytes, 0, "MAC "), "Monkey's Audio"],
    [() => hasAscii(bytes, 0, "#!AMR"), "AMR"],
    [() => hasAscii(bytes, 0, "MThd"), "MIDI (notes, not audio)"],
    [() => bytes[0] === 0x30 && bytes[1] === 0x26 && bytes[2] === 0xb2 && bytes[3] === 0x75, "ASF/WMA"],
    [() => hasAscii(bytes, 0, "\x1aE\xdf\xa3"), "Matroska/WebM"],
    [() => hasAscii(bytes, 0, "\x89PNG"), "PNG image"],
    [() => bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff, "JPEG image"],
    [() => hasAscii(bytes, 0, "%PDF"), "PDF document"],
    [() => hasAscii(bytes, 0, "PK\x03\x04"), "ZIP archive"],
  ];
  const match = known.find(([test]) => test());
  if (match) return match[1];
  const head = Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, "0")).join(" ");
  return `unrecognised data (starts with ${head})`;
}
