/**
 * Seeded synthetic "music" for fingerprinting tests: per track a tempo, a key and a scale, a melody, a bass line and
 * sustained chords of harmonic notes (a timbre per voice) with attack-decay-sustain-release envelopes, plus noise-burst
 * percussion. Different seeds give different tempi, keys and timbres, like different songs. Test support only.
 */
import type { Pcm } from "../pcm.js";
import { SeededRandom } from "../random/seeded-random.js";

export interface SyntheticMusicOptions {
  seed: number;
  durationSeconds: number;
  sampleRate?: number;
}

const MAJOR = [0, 2, 4, 5, 7, 9, 11];
const MINOR = [0, 2, 3, 5, 7, 8, 10];

const midiHz = (note: number) => 440 * 2 ** ((note - 69) / 12);

/** Adds one harmonic note to `out` with a recursive oscillator per harmonic (no per-sample trigonometry). */
function addNote(
  out: Float32Array,
  sampleRate: number,
  start: number,
  length: number,
  hz: number,
  amplitude: number,
  harmonics: Float64Array,
  attack: number,
  release: number,
): void {
  const end = Math.min(out.length, start + length + release);
  const nyquist = sampleRate / 2;
  for (let h = 0; h < harmonics.length; h++) {
    const f = hz * (h + 1);
    if (f >= nyquist * 0.95) break;
    const a = amplitude * harmonics[h]!;
    const w = (2 * Math.PI * f) / sampleRate;
    const c = Math.cos(w);
    const s = Math.sin(w);
    let re = 1;
    let im = 0;
    for (let i = start; i < end; i++) {
      const k = i - start;
      let env: number;
      if (k < attack) env = k / attack;
      else if (k < length) env = 0.6 + 0.4 * Math.exp(-(k - attack) / (0.15 * sampleRate));
      else env = 0.6 * (1 - (k - length) / release);
      out[i]! += a * env * im;
      const nr = re * c - im * s;
      im = re * s + im * c;
      re = nr;
    }
  }
}

/** A mono synthetic track; the same options always give the same samples. */
export function syntheticMusic({ seed, durationSeconds, sampleRate = 8000 }: SyntheticMusicOptions): Pcm {
  const rng = new SeededRandom(seed);
  const n = Math.round(durationSeconds * sampleRate);
  const out = new Float32Array(n);
  const bpm = 80 + rng.next() * 80;
  const beat = Math.round((60 / bpm) * sampleRate);
  const root = 45 + rng.int(0, 12);
  const scale = rng.next() < 0.5 ? MAJOR : MINOR;
  const degree = (d: number) => root + 12 * Math.floor(d / 7) + scale[((d % 7) + 7) % 7]!;
  const timbre = (bright: number, count: number) => {
    const h = new Float64Array(count);
    for (let k = 0; k < count; k++) h[k] = (rng.next() * 0.5 + 0.5) / (k + 1) ** bright;
    return h;
  };
  const melodyTimbre = timbre(0.8 + rng.next(), 8);
  const bassTimbre = timbre(1.5, 6);
  const padTimbre = timbre(1.2 + rng.next(), 5);
  const attack = Math.round(0.005 * sampleRate);
  const release = Math.round(0.05 * sampleRate);

  // Melody: a random walk on the scale, durations of a half, one or two beats.
  let d = 7 + rng.int(0, 7);
  for (let t = 0; t < n; ) {
    const length = Math.round(beat * [0.5, 0.5, 1, 1, 2][rng.int(0, 5)]!);
    if (rng.next() > 0.1) {
      addNote(out, sampleRate, t, length, midiHz(degree(d) + 12), 0.2, melodyTimbre, attack, release);
    }
    d = Math.max(0, Math.min(20, d + rng.int(-3, 4)));
    t += length;
  }
  // Bass and chords: one chord per bar of four beats.
  for (let t = 0, bar = 0; t < n; t += 4 * beat, bar++) {
    const chord = [0, 3, 4, 5, 1][rng.int(0, 5)]!;
    for (let b = 0; b < 4; b++) {
      addNote(out, sampleRate, t + b * beat, beat, midiHz(degree(chord) - 12), 0.15, bassTimbre, attack, release);
    }
    for (const step of [0, 2, 4]) {
      addNote(out, sampleRate, t, 4 * beat, midiHz(degree(chord + step)), 0.06, padTimbre, 4 * attack, 4 * release);
    }
  }
  // Percussion: short decaying noise bursts on beats.
  const hit = Math.round(0.04 * sampleRate);
  for (let t = 0; t < n; t += beat) {
    if (rng.next() < 0.3) continue;
    const gain = 0.08 + 0.06 * rng.next();
    for (let i = 0; i < hit && t + i < n; i++) out[t + i]! += gain * rng.gaussian() * Math.exp(-i / (0.008 * sampleRate));
  }
  let peak = 0;
  for (let i = 0; i < n; i++) peak = Math.max(peak, Math.abs(out[i]!));
  const scaleBy = peak > 0 ? 0.9 / peak : 1;
  for (let i = 0; i < n; i++) out[i]! *= scaleBy;
  return { sampleRate, channels: [out] };
}

/** A copy of `pcm` from `startSeconds`, `durationSeconds` long. */
export function excerpt(pcm: Pcm, startSeconds: number, durationSeconds: number): Pcm {
  const from = Math.round(startSeconds * pcm.sampleRate);
  const to = Math.min(pcm.channels[0]!.length, from + Math.round(durationSeconds * pcm.sampleRate));
  return { sampleRate: pcm.sampleRate, channels: pcm.channels.map((c) => c.slice(from, to)) };
}
