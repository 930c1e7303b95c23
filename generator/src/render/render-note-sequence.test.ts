import { describe, expect, it } from "vitest";
import { Fft } from "../../audio/src/fft/fft.js";
import type { NoteSequence, SequenceNote } from "../tokenizer/note-sequence.js";
import { renderNoteSequence } from "./render-note-sequence.js";
import { InvalidRenderInputError } from "./render-error.js";
import { midiToHz } from "./synth-note.js";

const RATE = 44_100;

function note(partial: Partial<SequenceNote>): SequenceNote {
  return { pitch: 69, velocity: 100, startSeconds: 0, durationSeconds: 0.8, program: 0, isDrum: false, ...partial };
}

function sequence(notes: SequenceNote[]): NoteSequence {
  return { tempoBpm: 120, notes };
}

/** Magnitude spectrum of `x` from `start`, Hann-windowed, 16384 points. */
function spectrum(x: Float32Array, start = 0): Float64Array {
  const n = 16_384;
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  for (let i = 0; i < n && start + i < x.length; i++) re[i] = x[start + i]! * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n));
  new Fft(n).transform(re, im);
  const mag = new Float64Array(n / 2);
  for (let k = 0; k < n / 2; k++) mag[k] = Math.hypot(re[k]!, im[k]!);
  return mag;
}

/** Frequency of the strongest bin, refined by a parabola through it and its neighbours. */
function peakHz(mag: Float64Array): number {
  let best = 1;
  for (let k = 2; k < mag.length - 1; k++) if (mag[k]! > mag[best]!) best = k;
  const [a, b, c] = [mag[best - 1]!, mag[best]!, mag[best + 1]!];
  const shift = (0.5 * (a - c)) / (a - 2 * b + c);
  return ((best + shift) * RATE) / 16_384;
}

/** Share of the spectrum's energy between lowHz and highHz. */
function bandShare(mag: Float64Array, lowHz: number, highHz: number): number {
  let band = 0;
  let total = 0;
  for (let k = 0; k < mag.length; k++) {
    const e = mag[k]! ** 2;
    total += e;
    const hz = (k * RATE) / 16_384;
    if (hz >= lowHz && hz < highHz) band += e;
  }
  return band / total;
}

describe("renderNoteSequence (built-in synthesizer)", () => {
  it("renders 44.1 kHz stereo of the requested length, or until the last tail dies away", () => {
    const notes = [note({ startSeconds: 0 }), note({ startSeconds: 1, program: 40 }), note({ startSeconds: 1.5, isDrum: true, pitch: 36 })];
    const cut = renderNoteSequence(sequence(notes), { durationSeconds: 2 });
    expect(cut.renderer).toBe("synth");
    expect(cut.pcm.sampleRate).toBe(RATE);
    expect(cut.pcm.channels).toHaveLength(2);
    expect(cut.pcm.channels[0]!.length).toBe(2 * RATE);
    expect(cut.pcm.channels[1]!.length).toBe(2 * RATE);
    const natural = renderNoteSequence(sequence(notes)).pcm;
    // The string note ends at 1.8 s and releases for 0.3 s.
    expect(natural.channels[0]!.length).toBeGreaterThanOrEqual(Math.round(2.1 * RATE));
    expect(natural.channels[0]!.length).toBeLessThan(Math.round(2.2 * RATE));
    expect(renderNoteSequence(sequence([])).pcm.channels[0]!.length).toBe(0);
  });

  it("plays each melodic family at the note's pitch (FFT peak at the fundamental)", () => {
    // Additive and wavetable families: piano, organ, bass, strings, ensemble, reed, pipe, lead, pad.
    for (const program of [0, 16, 32, 40, 48, 64, 72, 80, 88]) {
      for (const pitch of [57, 69]) {
        const { pcm } = renderNoteSequence(sequence([note({ pitch, program, durationSeconds: 1 })]));
        const hz = peakHz(spectrum(pcm.channels[0]!, 2048));
        expect(Math.abs(hz / midiToHz(pitch) - 1), `program ${program} pitch ${pitch}: ${hz} Hz`).toBeLessThan(0.004);
      }
    }
  });

  it("tunes plucked strings exactly (the strongest partial is a harmonic of the note)", () => {
    // A plucked string's loudest partial depends on the pluck; its partials sit on exact harmonics.
    for (const program of [24, 104]) {
      for (const pitch of [45, 57, 69, 81]) {
        const { pcm } = renderNoteSequence(sequence([note({ pitch, program, durationSeconds: 1 })]));
        const harmonic = peakHz(spectrum(pcm.channels[0]!, 2048)) / midiToHz(pitch);
        expect(Math.round(harmonic)).toBeGreaterThanOrEqual(1);
        expect(Math.abs(harmonic / Math.round(harmonic) - 1), `program ${program} pitch ${pitch}`).toBeLessThan(0.004);
      }
    }
  });

  it("puts FM families' energy on the partials of their ratio (harmonic for brass)", () => {
    const { pcm } = renderNoteSequence(sequence([note({ pitch: 60, program: 56, durationSeconds: 1 })]));
    const hz = peakHz(spectrum(pcm.channels[0]!, 4096));
    const harmonic = hz / midiToHz(60);
    expect(Math.abs(harmonic - Math.round(harmonic))).toBeLessThan(0.01);
  });

  it("synthesizes drums on channel 10: kick energy low, hi-hat energy high", () => {
    const kick = renderNoteSequence(sequence([note({ isDrum: true, pitch: 36, durationSeconds: 0.1 })])).pcm;
    const hat = renderNoteSequence(sequence([note({ isDrum: true, pitch: 42, durationSeconds: 0.1 })])).pcm;
    expect(bandShare(spectrum(kick.channels[0]!), 20, 200)).toBeGreaterThan(0.8);
    expect(bandShare(spectrum(hat.channels[0]!), 5000, 22050)).toBeGreaterThan(0.8);
    for (const key of [35, 37, 38, 39, 41, 46, 49, 51, 56, 60, 75, 80, 127]) {
      const { pcm } = renderNoteSequence(sequence([note({ isDrum: true, pitch: key })]));
      const energy = pcm.channels[0]!.reduce((s, v) => s + v * v, 0);
      expect(energy, `drum key ${key}`).toBeGreaterThan(0);
    }
  });

  it("scales loudness with velocity", () => {
    const rms = (velocity: number) => {
      const x = renderNoteSequence(sequence([note({ velocity, program: 16 })])).pcm.channels[0]!;
      return Math.sqrt(x.reduce((s, v) => s + v * v, 0) / x.length);
    };
    expect(rms(127)).toBeGreaterThan(2 * rms(50));
  });

  it("pans instruments apart (drums and bass centred) with equal power", () => {
    const { pcm } = renderNoteSequence(
      sequence([note({ program: 0 }), note({ program: 40, startSeconds: 1 }), note({ program: 33, startSeconds: 2 })]),
    );
    const energy = (ch: Float32Array, from: number, to: number) => {
      let s = 0;
      for (let i = Math.round(from * RATE); i < Math.round(to * RATE); i++) s += ch[i]! ** 2;
      return s;
    };
    const [l, r] = pcm.channels as [Float32Array, Float32Array];
    expect(energy(l, 0, 0.8)).toBeGreaterThan(3 * energy(r, 0, 0.8)); // piano left
    expect(energy(r, 1, 1.8)).toBeGreaterThan(3 * energy(l, 1, 1.8)); // strings right
    // Bass alone once the strings' release has died away: centred, the same energy on both sides.
    expect(energy(l, 2.4, 2.8) / energy(r, 2.4, 2.8)).toBeCloseTo(1, 4);
  });

  it("limits a dense loud cluster below -1 dBFS with no NaN", () => {
    const cluster = Array.from({ length: 48 }, (_, i) =>
      note({ pitch: 36 + i, velocity: 127, program: (i * 8) % 128, startSeconds: (i % 4) * 0.05, durationSeconds: 1.5 }),
    );
    cluster.push(note({ isDrum: true, pitch: 36, velocity: 127 }), note({ isDrum: true, pitch: 49, velocity: 127 }));
    const { pcm } = renderNoteSequence(sequence(cluster));
    let peak = 0;
    for (const ch of pcm.channels) {
      for (const v of ch) {
        expect(Number.isFinite(v)).toBe(true);
        peak = Math.max(peak, Math.abs(v));
      }
    }
    expect(peak).toBeLessThanOrEqual(0.89 + 1e-6);
    expect(peak).toBeGreaterThan(0.8); // the limiter held it at the ceiling, it did not just turn everything down
  });

  it("is deterministic: the same notes give the same samples", () => {
    const notes = Array.from({ length: 24 }, (_, i) =>
      note({ pitch: 40 + ((i * 7) % 36), program: (i * 13) % 128, isDrum: i % 5 === 0, startSeconds: i * 0.125 }),
    );
    const a = renderNoteSequence(sequence(notes)).pcm;
    const b = renderNoteSequence(sequence(notes.map((n) => ({ ...n })))).pcm;
    expect(Buffer.from(a.channels[0]!.buffer).equals(Buffer.from(b.channels[0]!.buffer))).toBe(true);
    expect(Buffer.from(a.channels[1]!.buffer).equals(Buffer.from(b.channels[1]!.buffer))).toBe(true);
  });

  it("holds an absurdly long note no longer than the output (memory stays bounded)", () => {
    const { pcm } = renderNoteSequence(sequence([note({ durationSeconds: 1000, program: 16 })]), { durationSeconds: 2 });
    expect(pcm.channels[0]!.length).toBe(2 * RATE);
    expect(Math.abs(pcm.channels[0]![RATE]!)).toBeGreaterThan(0);
  });

  it("rejects notes out of MIDI range, non-finite times and absurd lengths", () => {
    const bad: Partial<SequenceNote>[] = [
      { pitch: 128 },
      { pitch: 60.5 },
      { velocity: 300 },
      { program: -1 },
      { startSeconds: Number.NaN },
      { startSeconds: -1 },
      { durationSeconds: Number.POSITIVE_INFINITY },
      { startSeconds: 1500 },
    ];
    for (const b of bad) expect(() => renderNoteSequence(sequence([note(b)])), JSON.stringify(b)).toThrow(InvalidRenderInputError);
    expect(() => renderNoteSequence({ tempoBpm: 120 } as unknown as NoteSequence)).toThrow(InvalidRenderInputError);
  });
});
