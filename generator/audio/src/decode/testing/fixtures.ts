/**
 * The committed audio fixtures (generator/audio/fixtures/, made by ffmpeg; see the README there) and the analytic
 * signal they were rendered from. Test support only.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const FIXTURES_DIR = fileURLToPath(new URL("../../../fixtures/", import.meta.url));

export const FIXTURES = {
  s16: "chord-44k1-stereo-s16.wav",
  flac: "chord-44k1-stereo-s16.flac",
  s24: "chord-44k1-stereo-s24.wav",
  flac24: "chord-44k1-stereo-s24.flac",
  f32: "chord-44k1-stereo-f32.wav",
  u8: "chord-44k1-stereo-u8.wav",
  mp3: "chord-44k1-stereo-128k.mp3",
  vorbis: "chord-44k1-stereo.ogg",
  opus: "chord-44k1-stereo.opus",
  mono: "tone-11k025-mono-s16.wav",
  monoMp3: "tone-11k025-mono-32k.mp3",
  quad: "chord-44k1-quad-s16-extensible.wav",
} as const;

export type FixtureName = keyof typeof FIXTURES;

export function fixturePath(name: FixtureName): string {
  return FIXTURES_DIR + FIXTURES[name];
}

export function readFixture(name: FixtureName): Uint8Array {
  const buffer = readFileSync(fixturePath(name));
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** Partials (frequency, amplitude) of each channel of the stereo chord fixtures. */
const CHORD: readonly (readonly [number, number][])[] = [
  [
    [440, 0.3],
    [554.37, 0.2],
    [659.25, 0.15],
  ],
  [
    [329.63, 0.3],
    [440, 0.2],
    [523.25, 0.15],
  ],
];

/** The stereo chord's channel at time t (seconds), as ffmpeg's aevalsrc computed it before quantising. */
export function chordAt(channel: 0 | 1, t: number): number {
  let x = 0;
  for (const [f, a] of CHORD[channel]!) x += a * Math.sin(2 * Math.PI * f * t);
  return x;
}

/** `n` samples of a signal at `sampleRate`. */
export function render(signal: (t: number) => number, sampleRate: number, n: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => signal(i / sampleRate));
}

/** The first index where two channel lists differ (in count, length or a sample), or -1 when they are identical. */
export function firstDifference(a: Float32Array[], b: Float32Array[]): number {
  if (a.length !== b.length) return 0;
  for (let c = 0; c < a.length; c++) {
    const x = a[c]!;
    const y = b[c]!;
    if (x.length !== y.length) return Math.min(x.length, y.length);
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return i;
  }
  return -1;
}

/** Largest |a[i] - b[i]| over the common length. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/**
 * Signal-to-error ratio in dB of `decoded` against `reference` over [from, to), at the best lag within +-maxLag
 * (lossy decoders may shift the signal by their delay).
 */
export function snrDb(decoded: Float32Array, reference: Float32Array, from: number, to: number, maxLag = 0): number {
  let best = -Infinity;
  for (let lag = -maxLag; lag <= maxLag; lag++) {
    let signal = 0;
    let error = 0;
    for (let i = from; i < to; i++) {
      const r = reference[i]!;
      const e = (decoded[i + lag] ?? 0) - r;
      signal += r * r;
      error += e * e;
    }
    best = Math.max(best, 10 * Math.log10(signal / error));
  }
  return best;
}
