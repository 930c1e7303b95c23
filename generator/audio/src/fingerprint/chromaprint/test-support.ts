/**
 * Test support for the Chromaprint tests (not used by the pipeline): loads the fixtures of
 * generator/audio/fixtures/chromaprint/ and compares fingerprints bit by bit.
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { FLACDecoder } from "@wasm-audio-decoders/flac";
import { OggVorbisDecoder } from "@wasm-audio-decoders/ogg-vorbis";
import { MPEGDecoder } from "mpg123-decoder";
import type { Pcm } from "../../pcm.js";

export const FIXTURES_DIR = fileURLToPath(new URL("../../../fixtures/chromaprint/", import.meta.url));

/** What fixtures/chromaprint/<clip>.json holds (written by expected.py there). */
export interface ChromaprintFixture {
  file: string;
  sampleRate: number;
  channels: number;
  /** fpcalc -json -raw -length 120 / fpcalc -json -length 120 (absent when fpcalc failed). */
  duration?: number;
  raw?: number[];
  compressed?: string;
  /** fpcalc -json -raw -length 10. */
  raw10?: number[];
  /** fpcalc's error message and exit code, when it failed. */
  error?: string;
  exitCode?: number;
  /** fpcalc -algorithm N + 1 (raw and compressed), keyed by Chromaprint's algorithm number N; some clips only. */
  algorithms?: Record<string, { raw: number[]; compressed: string }>;
  /** libchromaprint fed the clip at its own rate (chromaprint_start(rate, channels)). */
  library: number[];
}

export const FIXTURE_NAMES = [
  "arpeggio-48k-stereo",
  "bells-32k-mono",
  "boundary-62810-22k-mono",
  "boundary-62811-22k-mono",
  "chords-44k-stereo",
  "fade-in-11k-stereo",
  "melody-11k-mono",
  "mp3-22k-mono",
  "noise-tones-22k-mono",
  "short-8k-mono",
  "silence-44k-stereo",
  "sweep-22k-mono",
  "tiny-8k-mono",
  "vorbis-44k-stereo",
] as const;

export async function loadFixture(name: string): Promise<{ fixture: ChromaprintFixture; pcm: Pcm }> {
  const fixture = JSON.parse(await readFile(`${FIXTURES_DIR}${name}.json`, "utf8")) as ChromaprintFixture;
  const bytes = new Uint8Array(await readFile(`${FIXTURES_DIR}${fixture.file}`));
  const extension = fixture.file.slice(fixture.file.lastIndexOf("."));
  const pcm = extension === ".wav" ? parseWav16(bytes) : await decode(extension, bytes);
  return { fixture, pcm };
}

/** FLAC (libFLAC), Ogg Vorbis (libvorbis) or MP3 (mpg123), all compiled to wasm. */
async function decode(extension: string, bytes: Uint8Array): Promise<Pcm> {
  const decoder = extension === ".flac" ? new FLACDecoder() : extension === ".ogg" ? new OggVorbisDecoder() : new MPEGDecoder();
  await decoder.ready;
  try {
    const { channelData, samplesDecoded, sampleRate } = decoder instanceof MPEGDecoder ? decoder.decode(bytes) : await decoder.decodeFile(bytes);
    return { sampleRate, channels: channelData.map((ch) => ch.slice(0, samplesDecoded)) };
  } finally {
    decoder.free();
  }
}

/** A minimal RIFF/WAVE reader for 16-bit PCM: samples as k / 32768. */
export function parseWav16(bytes: Uint8Array): Pcm {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (tag(0) !== "RIFF" || tag(8) !== "WAVE") throw new Error("not a RIFF/WAVE file");
  let channels = 0;
  let sampleRate = 0;
  for (let at = 12; at + 8 <= bytes.length; ) {
    const id = tag(at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === "fmt ") {
      const format = view.getUint16(body, true);
      channels = view.getUint16(body + 2, true);
      sampleRate = view.getUint32(body + 4, true);
      const bits = view.getUint16(body + 14, true);
      if ((format !== 1 && format !== 0xfffe) || bits !== 16) throw new Error(`unsupported WAV format ${format}/${bits} bits`);
    } else if (id === "data") {
      const frames = Math.floor(Math.min(size, bytes.length - body) / (2 * channels));
      const out = Array.from({ length: channels }, () => new Float32Array(frames));
      for (let i = 0; i < frames; i++) {
        for (let ch = 0; ch < channels; ch++) out[ch]![i] = view.getInt16(body + 2 * (i * channels + ch), true) / 32768;
      }
      return { sampleRate, channels: out };
    }
    at = body + size + (size & 1);
  }
  throw new Error("WAV file without a data chunk");
}

export { bitAgreement } from "./bit-agreement.js";
