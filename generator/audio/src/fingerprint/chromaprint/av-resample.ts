/**
 * Chromaprint's internal resampler (src/avresample/resample2.c, an old FFmpeg av_resample), which libchromaprint
 * uses when it is fed audio at a rate other than 11025 Hz: a Kaiser-windowed (beta 9) sinc polyphase filter in 16-bit
 * integers, no interpolation between phases. Reproduced in the same integer arithmetic.
 */
import { clip16, lrintf } from "./c-math.js";
export class AvResampler {
  readonly filterLength: number;
  readonly #phaseShift: number;
  readonly #phaseMask: number;
  readonly #linear: boolean;
  readonly #filter: Int16Array;
  readonly #srcIncr: number;
  readonly #dstIncr: number;
  #index: number;
  #frac = 0;

  constructor(outRate: number, inRate: number, filterSize = 16, phaseShift = 8, linear = false, cutoff = 0.8) {
    const factor = Math.min((outRate * cutoff) / inRate, 1.0);
    const phaseCount = 1 << phaseShift;
    this.#phaseShift = phaseShift;
    this.#phaseMask = phaseCount - 1;
    this.#linear = linear;
    this.filterLength = Math.max(Math.trunc(Math.ceil(filterSize / factor)), 1);
    this.#filter = buildFilter(factor, this.filterLength, phaseCount, 1 << 15, 9);
    this.#srcIncr = outRate;
    this.#dstIncr = inRate * phaseCount;
    this.#index = -phaseCount * Math.trunc((this.filterLength - 1) / 2);
  }

  /**
   * av_resample(c, dst, src, &consumed, srcSize, dstSize, 1): resamples src[0, srcSize) into dst (at most dstSize
   * samples) and returns [samples written, input samples consumed]. Outputs whose filter window would run past
   * srcSize wait for the next call; before the first input sample the signal is mirrored.
   */
  resample(dst: Int16Array, src: Int16Array, srcSize: number, dstSize: number): [number, number] {
    const L = this.filterLength;
    const filter = this.#filter;
    const shift = this.#phaseShift;
    const mask = this.#phaseMask;
    const srcIncr = this.#srcIncr;
    const dstIncrFrac = this.#dstIncr % srcIncr;
    const dstIncr = Math.trunc(this.#dstIncr / srcIncr);
    let index = this.#index;
    let frac = this.#frac;
    let n = 0;
    for (; n < dstSize; n++) {
      const f = L * (index & mask);
      const sampleIndex = index >> shift;
      let val = 0;
      if (sampleIndex < 0) {
        for (let i = 0; i < L; i++) val += src[Math.abs(sampleIndex + i) % srcSize]! * filter[f + i]!;
      } else if (sampleIndex + L > srcSize) {
        break;
      } else if (this.#linear) {
        let v2 = 0;
        for (let i = 0; i < L; i++) {
          val += src[sampleIndex + i]! * filter[f + i]!;
          v2 += src[sampleIndex + i]! * filter[f + i + L]!;
        }
        val += Math.trunc(((v2 - val) * frac) / srcIncr);
      } else {
        for (let i = 0; i < L; i++) val += src[sampleIndex + i]! * filter[f + i]!;
      }
      const v = ((val | 0) + 16384) >> 15;
      dst[n] = clip16(v);
      frac += dstIncrFrac;
      index += dstIncr;
      if (frac >= srcIncr) {
        frac -= srcIncr;
        index++;
      }
    }
    const consumed = Math.max(index, 0) >> shift;
    if (index >= 0) index &= mask;
    this.#index = index;
    this.#frac = frac;
    return [n, consumed];
  }
}

/** I0 by its power series, as resample2.c computes it. */
function bessel(x: number): number {
  let v = 1;
  let lastv = 0;
  let t = 1;
  x = (x * x) / 4;
  for (let i = 1; v !== lastv; i++) {
    lastv = v;
    t *= x / (i * i);
    v += t;
  }
  return v;
}

function buildFilter(factor: number, tapCount: number, phaseCount: number, scale: number, beta: number): Int16Array {
  const bank = new Int16Array(tapCount * (phaseCount + 1));
  const tab = new Float64Array(tapCount);
  const center = Math.trunc((tapCount - 1) / 2);
  if (factor > 1.0) factor = 1.0;
  for (let ph = 0; ph < phaseCount; ph++) {
    let norm = 0;
    for (let i = 0; i < tapCount; i++) {
      const x = Math.PI * (i - center - ph / phaseCount) * factor;
      let y = x === 0 ? 1.0 : Math.sin(x) / x;
      const w = (2.0 * x) / (factor * tapCount * Math.PI);
      y *= bessel(beta * Math.sqrt(Math.max(1 - w * w, 0)));
      tab[i] = y;
      norm += y;
    }
    for (let i = 0; i < tapCount; i++) {
      const v = lrintf((tab[i]! * scale) / norm);
      bank[ph * tapCount + i] = clip16(v);
    }
  }
  bank.copyWithin(tapCount * phaseCount + 1, 0, tapCount - 1);
  bank[tapCount * phaseCount] = bank[tapCount - 1]!;
  return bank;
}

