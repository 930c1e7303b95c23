/** One second-order section, normalised so that a0 = 1. */
export interface Biquad {
  b0: number;
  b1: number;
  b2: number;
  a1: number;
  a2: number;
}

export type ButterworthKind = "lowpass" | "highpass";

/**
 * A Butterworth low- or high-pass of even `order` as a cascade of order / 2 biquads (bilinear transform with the
 * cutoff pre-warped, coefficients after R. Bristow-Johnson's cookbook): -3 dB at the cutoff, maximally flat passband,
 * 6 * order dB per octave beyond it.
 */
export function butterworth(kind: ButterworthKind, cutoffHz: number, sampleRate: number, order: number): Biquad[] {
  const w0 = (2 * Math.PI * cutoffHz) / sampleRate;
  const cos = Math.cos(w0);
  const sections: Biquad[] = [];
  for (let k = 0; k < order / 2; k++) {
    const q = 1 / (2 * Math.cos((Math.PI * (2 * k + 1)) / (2 * order)));
    const alpha = Math.sin(w0) / (2 * q);
    const a0 = 1 + alpha;
    const edge = kind === "lowpass" ? (1 - cos) / 2 : (1 + cos) / 2;
    const middle = kind === "lowpass" ? 1 - cos : -(1 + cos);
    sections.push({ b0: edge / a0, b1: middle / a0, b2: edge / a0, a1: (-2 * cos) / a0, a2: (1 - alpha) / a0 });
  }
  return sections;
}

/** Runs the cascade over `input` from rest (transposed direct form II, float64 state) into a new array. */
export function applyBiquads(sections: readonly Biquad[], input: Float32Array): Float32Array {
  const out = Float32Array.from(input);
  for (const { b0, b1, b2, a1, a2 } of sections) {
    let z1 = 0;
    let z2 = 0;
    for (let i = 0; i < out.length; i++) {
      const x = out[i]!;
      const y = b0 * x + z1;
      z1 = b1 * x - a1 * y + z2;
      z2 = b2 * x - a2 * y;
      out[i] = y;
    }
  }
  return out;
}
