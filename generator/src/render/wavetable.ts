/** Samples in one cycle of every wavetable (a power of two, so a phase wraps with a mask). */
export const TABLE_SIZE = 2048;
const MASK = TABLE_SIZE - 1;

/**
 * One waveform as band-limited single-cycle tables, one per octave of fundamental: the table used for a note keeps
 * only the harmonics below 90% of Nyquist at the top of its octave, so high notes do not alias. Tables are built on
 * first use and kept (a few per timbre).
 */
export class WavetableBank {
  readonly #harmonics: readonly number[];
  readonly #tables = new Map<number, Float32Array>();

  /** `harmonics[k]` is the amplitude of harmonic k + 1 (sine phase); the waveform is normalised to peak 1. */
  constructor(harmonics: readonly number[]) {
    this.#harmonics = harmonics;
  }

  /** The table for a fundamental of `hz` at `sampleRate` (TABLE_SIZE + 1 samples: the last repeats the first). */
  tableFor(hz: number, sampleRate: number): Float32Array {
    const octaveTop = 2 ** Math.ceil(Math.log2(Math.max(hz, 1)));
    const count = Math.max(1, Math.min(this.#harmonics.length, Math.floor((0.45 * sampleRate) / octaveTop)));
    let table = this.#tables.get(count);
    if (!table) {
      table = buildTable(this.#harmonics.slice(0, count));
      this.#tables.set(count, table);
    }
    return table;
  }
}

function buildTable(harmonics: readonly number[]): Float32Array {
  const table = new Float32Array(TABLE_SIZE + 1);
  let peak = 0;
  for (let i = 0; i < TABLE_SIZE; i++) {
    let v = 0;
    for (let k = 0; k < harmonics.length; k++) v += harmonics[k]! * Math.sin((2 * Math.PI * (k + 1) * i) / TABLE_SIZE);
    table[i] = v;
    peak = Math.max(peak, Math.abs(v));
  }
  if (peak > 0) for (let i = 0; i < TABLE_SIZE; i++) table[i]! /= peak;
  table[TABLE_SIZE] = table[0]!;
  return table;
}

/** Linear-interpolated lookup of a table at `phase` in cycles (any real number; the integer part is ignored). */
export function lookup(table: Float32Array, phase: number): number {
  const x = (phase - Math.floor(phase)) * TABLE_SIZE;
  const i = x | 0;
  const frac = x - i;
  const a = table[i & MASK]!;
  return a + (table[(i & MASK) + 1]! - a) * frac;
}

/** A pure sine as a table: the oscillator of the FM voices and the drums. */
export const SINE_TABLE: Float32Array = new WavetableBank([1]).tableFor(1, 44_100);
