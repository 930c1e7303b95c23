import { scanOggStream } from "../../../generator/audio/src/decode/ogg-pages.js";

/**
 * Duration of an Ogg Vorbis file from its page headers alone (the largest granule position over the identification
 * header's sample rate), so a benchmark can plan excerpts without decoding the corpus twice.
 *
 * @throws Error when the first packet is not a Vorbis identification header.
 */
export function oggVorbisDuration(bytes: Uint8Array): { seconds: number; sampleRate: number } {
  const scan = scanOggStream(bytes);
  const id = scan.firstPacket;
  const magic = id ? String.fromCharCode(...id.subarray(0, 7)) : "";
  if (!id || id.length < 16 || magic !== "\x01vorbis") throw new Error("not an Ogg Vorbis stream (no identification header)");
  const sampleRate = new DataView(id.buffer, id.byteOffset, id.byteLength).getUint32(12, true);
  if (sampleRate === 0) throw new Error("Ogg Vorbis identification header with a sample rate of 0");
  return { seconds: scan.granuleSamples / sampleRate, sampleRate };
}
