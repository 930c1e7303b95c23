/**
 * The rate-1/2, constraint-length-7 convolutional code (generators 171, 133 octal: the NASA / 802.11 code, free
 * distance 10), zero-terminated, with a soft-decision Viterbi decoder. Buffers are allocated per call on a
 * ~100-bit message, which is negligible next to the spectral work.
 */
const K = 7;
const STATES = 1 << (K - 1);
const G0 = 0o171;
const G1 = 0o133;
export const CONV_TAIL_BITS = K - 1;

const parity = (x: number): number => {
  x ^= x >>> 4;
  x ^= x >>> 2;
  x ^= x >>> 1;
  return x & 1;
};

/** Output pair per (state, input bit): the register holds the input as its newest (top) bit. */
const OUT0 = new Uint8Array(STATES * 2);
const OUT1 = new Uint8Array(STATES * 2);
for (let s = 0; s < STATES; s++) {
  for (let b = 0; b < 2; b++) {
    const reg = (b << (K - 1)) | s;
    OUT0[s * 2 + b] = parity(reg & G0);
    OUT1[s * 2 + b] = parity(reg & G1);
  }
}
const next = (s: number, b: number): number => ((b << (K - 1)) | s) >>> 1;

/** Number of coded bits for `messageBits` information bits. */
export function codedLength(messageBits: number): number {
  return 2 * (messageBits + CONV_TAIL_BITS);
}

/** Encodes bits (0/1), appending the K-1 zero tail. */
export function convEncode(bits: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(codedLength(bits.length));
  let s = 0;
  for (let i = 0; i < bits.length + CONV_TAIL_BITS; i++) {
    const b = i < bits.length ? bits[i]! & 1 : 0;
    out[2 * i] = OUT0[s * 2 + b]!;
    out[2 * i + 1] = OUT1[s * 2 + b]!;
    s = next(s, b);
  }
  return out;
}

/**
 * Maximum-likelihood decoding from soft values (positive = bit 1 more likely, scaled like log-likelihood ratios):
 * the message maximising sum soft[i] * (2 c[i] - 1), the path forced to end in state 0.
 */
export function viterbiDecode(soft: ArrayLike<number>, messageBits: number): Uint8Array {
  const steps = messageBits + CONV_TAIL_BITS;
  let metric = new Float64Array(STATES).fill(-Infinity);
  let nextMetric = new Float64Array(STATES);
  metric[0] = 0;
  const from = new Uint8Array(steps * STATES); // previous state's low bits are implicit: store the predecessor's dropped bit
  for (let i = 0; i < steps; i++) {
    nextMetric.fill(-Infinity);
    const a = soft[2 * i]!;
    const c = soft[2 * i + 1]!;
    const maxBit = i < messageBits ? 1 : 0;
    for (let s = 0; s < STATES; s++) {
      const m = metric[s]!;
      if (m === -Infinity) continue;
      for (let b = 0; b <= maxBit; b++) {
        const o = s * 2 + b;
        const v = m + (OUT0[o]! ? a : -a) + (OUT1[o]! ? c : -c);
        const ns = next(s, b);
        if (v > nextMetric[ns]!) {
          nextMetric[ns] = v;
          from[i * STATES + ns] = s & 1; // the bit shifted out identifies the predecessor
        }
      }
    }
    [metric, nextMetric] = [nextMetric, metric];
  }
  const bits = new Uint8Array(steps);
  let s = 0;
  for (let i = steps - 1; i >= 0; i--) {
    bits[i] = (s >>> (K - 2)) & 1; // the newest input bit sits at the top of the state
    const low = from[i * STATES + s]!;
    s = ((s << 1) & (STATES - 1)) | low;
  }
  return bits.slice(0, messageBits);
}
