/**
 * The bad audio files of the fuzz bench, all from a seed: seeded mutations (bit flips, overwrites, truncations,
 * insertions, deletions, duplications: generator/audio's own fuzz mutator) of real WAV, FLAC, MP3, Ogg Vorbis and Opus
 * files, plus hand-made hostile headers (sizes claiming gigabytes, zero or absurd sample rates and channel counts,
 * zip-bomb-like archives, ID3 tags claiming 256 MB, nothing but frame syncs) and files that are not audio at all.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { encodeWav } from "../../generator/audio/src/encode/wav-writer.js";
import { mutate } from "../../generator/audio/src/decode/testing/mutate.js";
import { ascii, buildRiff, chunk, concat, fmtBody } from "../../generator/audio/src/decode/testing/build-wav.js";
import { oggPage } from "../../generator/audio/src/decode/testing/build-ogg.js";
import type { SeededRandom } from "../../generator/audio/src/random/seeded-random.js";
import { syntheticMusic } from "../../generator/audio/src/testing/synthetic-music.js";
import { encodeMp3 } from "../../generator/audio/src/encode/mp3-writer.js";
import { REPO_ROOT } from "./lib/stack-process.js";

export interface FuzzFile {
  /** What it is, to reproduce a finding. */
  name: string;
  bytes: Uint8Array;
  filename: string;
  contentType: string;
}

const FIXTURES = join(REPO_ROOT, "generator/audio/fixtures");

/** The valid files the mutations start from: one per container the decoder knows. */
export function baseAudioFiles(): FuzzFile[] {
  const song = syntheticMusic({ seed: 424_242, durationSeconds: 12, sampleRate: 22_050 });
  const fixture = (file: string, contentType: string): FuzzFile => ({ name: file, bytes: readFileSync(join(FIXTURES, file)), filename: file, contentType });
  return [
    { name: "synthetic 12 s WAV s16", bytes: encodeWav(song, "s16"), filename: "song.wav", contentType: "audio/wav" },
    { name: "synthetic 12 s MP3 128k", bytes: encodeMp3(song, 128), filename: "song.mp3", contentType: "audio/mpeg" },
    fixture("chord-44k1-stereo-s16.flac", "audio/flac"),
    fixture("chord-44k1-stereo.ogg", "audio/ogg"),
    fixture("chord-44k1-stereo.opus", "audio/ogg"),
    fixture("chord-44k1-stereo-f32.wav", "audio/wav"),
  ];
}

/** `count` seeded mutations spread over the bases. */
export function mutatedAudioFiles(rng: SeededRandom, bases: readonly FuzzFile[], count: number): FuzzFile[] {
  const out: FuzzFile[] = [];
  for (let i = 0; i < count; i++) {
    const base = bases[i % bases.length]!;
    // One to three mutations stacked, so some files are damaged in several places.
    let bytes = base.bytes;
    const what: string[] = [];
    for (let k = rng.int(1, 4); k > 0; k--) {
      const m = mutate(bytes, rng);
      bytes = m.bytes;
      what.push(m.description);
    }
    out.push({ ...base, name: `${base.name}: ${what.join("; ")}`, bytes });
  }
  return out;
}

const u32 = (v: number) => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v >>> 0, true);
  return b;
};

/** Hand-made hostile and non-audio files. */
export function hostileFiles(rng: SeededRandom): FuzzFile[] {
  const pcm = new Uint8Array(4_410 * 2);
  for (let i = 0; i < pcm.length; i++) pcm[i] = rng.int(0, 256);
  const wav = (name: string, bytes: Uint8Array): FuzzFile => ({ name, bytes, filename: "hostile.wav", contentType: "audio/wav" });
  const random = (n: number) => Uint8Array.from({ length: n }, () => rng.int(0, 256));
  const streaminfo = (sampleRate: number, channels: number, bits: number, totalSamples: bigint) => {
    // STREAMINFO: min/max block 4096, frame sizes 0, then 20 bits rate, 3 bits channels-1, 5 bits bits-1, 36 bits total.
    const body = new Uint8Array(34);
    const v = new DataView(body.buffer);
    v.setUint16(0, 4096);
    v.setUint16(2, 4096);
    const packed = (BigInt(sampleRate) << 44n) | (BigInt(channels - 1) << 41n) | (BigInt(bits - 1) << 36n) | (totalSamples & 0xfffffffffn);
    v.setBigUint64(10, packed);
    return concat(ascii("fLaC"), new Uint8Array([0x80, 0, 0, 34]), body);
  };
  const zipBomb = concat(
    // A local file header claiming a 4 GiB uncompressed entry named song.wav, deflated, with a few bytes of data.
    new Uint8Array([0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0, 8, 0, 0, 0, 0, 0]),
    u32(0),
    u32(16),
    u32(0xffffffff),
    new Uint8Array([8, 0, 0, 0]),
    ascii("song.wav"),
    random(16),
  );
  return [
    wav("WAV: data chunk claiming 4 GiB", buildRiff([chunk("fmt ", fmtBody({ channels: 1, sampleRate: 44_100, bits: 16 })), chunk("data", pcm, { size: 0xffffffff })])),
    wav("WAV: RIFF size 4 GiB, no data chunk", buildRiff([chunk("fmt ", fmtBody({ channels: 1, sampleRate: 44_100, bits: 16 }))], { riffSize: 0xffffffff })),
    wav("WAV: sample rate 0", buildRiff([chunk("fmt ", fmtBody({ channels: 1, sampleRate: 0, bits: 16 })), chunk("data", pcm)])),
    wav("WAV: sample rate 4e9", buildRiff([chunk("fmt ", fmtBody({ channels: 1, sampleRate: 4_000_000_000, bits: 16 })), chunk("data", pcm)])),
    wav("WAV: 0 channels", buildRiff([chunk("fmt ", fmtBody({ channels: 0, sampleRate: 44_100, bits: 16 })), chunk("data", pcm)])),
    wav("WAV: 65535 channels", buildRiff([chunk("fmt ", fmtBody({ channels: 65_535, sampleRate: 44_100, bits: 16 })), chunk("data", pcm)])),
    wav("WAV: 7-bit samples", buildRiff([chunk("fmt ", fmtBody({ channels: 1, sampleRate: 44_100, bits: 7 })), chunk("data", pcm)])),
    wav("WAV: format tag 0x1234", buildRiff([chunk("fmt ", fmtBody({ channels: 1, sampleRate: 44_100, bits: 16, tag: 0x1234 })), chunk("data", pcm)])),
    wav("WAV: fmt chunk claiming 2 GiB", buildRiff([chunk("fmt ", fmtBody({ channels: 1, sampleRate: 44_100, bits: 16 }), { size: 0x7fffffff }), chunk("data", pcm)])),
    wav("WAV: no fmt chunk", buildRiff([chunk("data", pcm)])),
    wav("WAV: 10,000 empty unknown chunks", buildRiff([...Array.from({ length: 10_000 }, () => chunk("junk", new Uint8Array(0))), chunk("fmt ", fmtBody({ channels: 1, sampleRate: 44_100, bits: 16 })), chunk("data", pcm)])),
    wav("RF64 without ds64", buildRiff([chunk("fmt ", fmtBody({ channels: 1, sampleRate: 44_100, bits: 16 })), chunk("data", pcm, { size: 0xffffffff })], { form: "RF64", riffSize: 0xffffffff })),
    { name: "FLAC: STREAMINFO claiming 2^36 samples, no frames", bytes: streaminfo(44_100, 2, 16, 0xfffffffffn), filename: "hostile.flac", contentType: "audio/flac" },
    { name: "FLAC: sample rate 0", bytes: concat(streaminfo(0, 1, 16, 1000n), random(2_000)), filename: "hostile.flac", contentType: "audio/flac" },
    { name: "FLAC: magic then random bytes", bytes: concat(ascii("fLaC"), random(50_000)), filename: "hostile.flac", contentType: "audio/flac" },
    { name: "Ogg: one page of garbage, granule 2^62", bytes: oggPage(random(200), 2, 1n << 62n), filename: "hostile.ogg", contentType: "audio/ogg" },
    { name: "Ogg: Vorbis identification header with 0 channels", bytes: oggPage(concat(new Uint8Array([1]), ascii("vorbis"), u32(0), new Uint8Array([0]), u32(44_100), random(13)), 2), filename: "hostile.ogg", contentType: "audio/ogg" },
    { name: "Ogg: OpusHead claiming 255 channels", bytes: oggPage(concat(ascii("OpusHead"), new Uint8Array([1, 255, 0, 0]), u32(48_000), new Uint8Array([0, 0, 1, 2])), 2), filename: "hostile.opus", contentType: "audio/ogg" },
    { name: "MP3: 20,000 frame syncs and nothing else", bytes: Uint8Array.from({ length: 40_000 }, (_, i) => (i % 2 === 0 ? 0xff : 0xfb)), filename: "hostile.mp3", contentType: "audio/mpeg" },
    { name: "MP3: ID3v2 tag claiming 256 MB", bytes: concat(ascii("ID3"), new Uint8Array([4, 0, 0, 0x7f, 0x7f, 0x7f, 0x7f]), random(1_000)), filename: "hostile.mp3", contentType: "audio/mpeg" },
    { name: "zip local header claiming a 4 GiB song.wav", bytes: zipBomb, filename: "song.zip", contentType: "application/zip" },
    { name: "gzip magic named .wav", bytes: concat(new Uint8Array([0x1f, 0x8b, 8, 0]), random(4_000)), filename: "song.wav", contentType: "audio/wav" },
    { name: "PNG named .mp3", bytes: concat(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), random(4_000)), filename: "song.mp3", contentType: "audio/mpeg" },
    { name: "text named .flac", bytes: ascii("this is not a song\n".repeat(200)), filename: "song.flac", contentType: "audio/flac" },
    { name: "empty file", bytes: new Uint8Array(0), filename: "empty.wav", contentType: "audio/wav" },
    { name: "one byte", bytes: new Uint8Array([0x52]), filename: "one.wav", contentType: "audio/wav" },
    { name: "64 KiB of random bytes", bytes: random(65_536), filename: "random.bin", contentType: "application/octet-stream" },
    { name: "valid WAV sent as image/png", bytes: encodeWav(syntheticMusic({ seed: 99, durationSeconds: 6, sampleRate: 11_025 }), "s16"), filename: "picture.png", contentType: "image/png" },
  ];
}
