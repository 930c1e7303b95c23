import { CorruptAudioError, UnsupportedFormatError } from "../errors/decode-error.js";

/** The highest sample rate a WAV may declare. */
export const MAX_WAV_SAMPLE_RATE = 768_000;
import { dataView } from "./bytes.js";

/** How the samples of a WAV data chunk are stored. */
export interface WavFormat {
  /** "uint8": 8-bit offset binary; "int": signed little-endian integers; "float": IEEE 754 little-endian. */
  encoding: "uint8" | "int" | "float";
  channels: number;
  sampleRate: number;
  /** Bytes one sample occupies (1-4 for integers, 4 or 8 for floats). */
  bytesPerSample: number;
  /** Bytes of one frame (one sample of every channel). */
  blockAlign: number;
}

const WAVE_FORMAT_PCM = 0x0001;
const WAVE_FORMAT_IEEE_FLOAT = 0x0003;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;
/** The tail shared by the KSDATAFORMAT_SUBTYPE GUIDs whose first two bytes are a plain format tag. */
const SUBTYPE_GUID_TAIL = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];

const CODEC_NAMES: Record<number, string> = {
  0x0002: "Microsoft ADPCM",
  0x0006: "A-law",
  0x0007: "mu-law",
  0x0011: "IMA ADPCM",
  0x0031: "GSM 6.10",
  0x0050: "MPEG",
  0x0055: "MPEG layer III",
  0x00ff: "AAC",
};

/**
 * Parses a "fmt " chunk body: WAVEFORMAT/WAVEFORMATEX, or WAVE_FORMAT_EXTENSIBLE whose sub-format GUID carries the
 * real format tag. Integer PCM of 1-32 bits (8 and fewer: unsigned) and 32/64-bit float are supported; compressed
 * WAV codecs are not.
 */
export function parseWavFmt(fmt: Uint8Array): WavFormat {
  if (fmt.length < 16) throw new CorruptAudioError(`the fmt chunk is ${fmt.length} bytes, fewer than 16`);
  const view = dataView(fmt);
  let tag = view.getUint16(0, true);
  const channels = view.getUint16(2, true);
  const sampleRate = view.getUint32(4, true);
  const blockAlign = view.getUint16(12, true);
  const bits = view.getUint16(14, true);

  if (tag === WAVE_FORMAT_EXTENSIBLE) {
    if (fmt.length < 40) throw new CorruptAudioError("the WAVE_FORMAT_EXTENSIBLE fmt chunk is shorter than 40 bytes");
    if (!SUBTYPE_GUID_TAIL.every((b, i) => fmt[26 + i] === b)) {
      throw new UnsupportedFormatError("WAVE_FORMAT_EXTENSIBLE with a non-standard sub-format GUID");
    }
    tag = view.getUint16(24, true);
  }
  if (channels === 0) throw new CorruptAudioError("the WAV fmt chunk declares 0 channels");
  if (sampleRate === 0) throw new CorruptAudioError("the WAV fmt chunk declares a sample rate of 0");
  // Nothing records above 768 kHz (DXD is 352.8): a larger rate is a corrupt or hostile header, and it would turn a
  // small file into a duration of a few microseconds (or, resampled, into gigabytes).
  if (sampleRate > MAX_WAV_SAMPLE_RATE) throw new CorruptAudioError(`the WAV fmt chunk declares a sample rate of ${sampleRate} Hz, above ${MAX_WAV_SAMPLE_RATE}`);

  let encoding: WavFormat["encoding"];
  if (tag === WAVE_FORMAT_PCM) {
    if (bits < 1 || bits > 32) throw new UnsupportedFormatError(`${bits}-bit integer WAV`);
    encoding = bits <= 8 ? "uint8" : "int";
  } else if (tag === WAVE_FORMAT_IEEE_FLOAT) {
    if (bits !== 32 && bits !== 64) throw new UnsupportedFormatError(`${bits}-bit float WAV`);
    encoding = "float";
  } else {
    const name = CODEC_NAMES[tag] ?? "unknown";
    throw new UnsupportedFormatError(`WAV codec 0x${tag.toString(16).padStart(4, "0")} (${name})`);
  }

  // Samples sit in whole-byte containers; a block alignment of channels x container confirms the container size,
  // and also covers 24-bit samples in 4-byte containers (valid bits left-justified, read as 32-bit).
  const minimum = Math.ceil(bits / 8);
  const fromBlockAlign = blockAlign / channels;
  const bytesPerSample =
    Number.isInteger(fromBlockAlign) && fromBlockAlign >= minimum && fromBlockAlign <= (encoding === "float" ? 8 : 4)
      ? fromBlockAlign
      : minimum;
  if (encoding === "uint8" && bytesPerSample !== 1) throw new UnsupportedFormatError(`${bits}-bit PCM in wide containers`);
  if (encoding === "float" && bytesPerSample !== bits / 8) throw new CorruptAudioError("float WAV with a bad block alignment");
  return { encoding, channels, sampleRate, bytesPerSample, blockAlign: bytesPerSample * channels };
}
