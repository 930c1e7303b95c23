import { InvalidPayloadError, InvalidWatermarkAudioError } from "../errors/watermark-error.js";
import { Fft } from "../fft/fft.js";
import { downmix, pcmLength, type Pcm } from "../pcm.js";
import { Resampler } from "../resample/resampler.js";
import { bytesToBits, crc16Bits } from "./crc16.js";
import { convEncode } from "./convolutional-code.js";
import {
  BANDS,
  BAND_EDGES,
  CRC_BITS,
  INTERNAL_RATE,
  MESSAGE_BITS,
  PAYLOAD_BITS,
  QIM_STEP,
  SLOT,
  SPAN_PAIRS,
  UNITS_PER_SPAN,
  WATERMARK_PAYLOAD_BYTES,
  watermarkPattern,
  type WatermarkPattern,
} from "./layout.js";
import { PairFeatures, SPEC_N, spectrogram } from "./pair-features.js";
import { UnitProjections } from "./unit-projections.js";
import { parseWatermarkKey, type WatermarkKey } from "./watermark-key.js";
import { requireWatermarkAudio } from "./validate-audio.js";

export interface EmbedWatermarkOptions {
  /** Floor on the signal-to-watermark ratio in dB over the whole track (default 38.5): the QIM move is scaled down to it. */
  targetSnrDb?: number;
}

export interface EmbedWatermarkReturnType {
  pcm: Pcm;
  /** Measured 10 log10(sum x^2 / sum (y - x)^2) over all channels; Infinity when nothing was added (silence). */
  snrDb: number;
  /** The fraction of the full QIM move applied (1 unless the SNR floor scaled it down). */
  strength: number;
}

const N = SPEC_N;
const HOP = N / 2;
/** Synthesis frame e is centred on e * HOP + HOP / 2, so that each slot holds SLOT / HOP whole frames. */
const FRAME_CENTRE = HOP / 2;

/** Band index of each bin of the 512-point FFT at 16 kHz (-1 outside the bands): the detector's bins at scale 1. */
const BIN_BAND: Int16Array = (() => {
  const out = new Int16Array(N / 2 + 1).fill(-1);
  for (let j = 0; j < BANDS; j++) for (let k = BAND_EDGES[j]!; k < BAND_EDGES[j + 1]!; k++) out[k] = j;
  return out;
})();

const SQRT_HANN = (() => {
  const w = new Float64Array(N);
  for (let i = 0; i < N; i++) w[i] = Math.sin((Math.PI * i) / N);
  return w;
})();

/** The message bits: payload then CRC-16 of the payload. */
export function messageBits(payload: Uint8Array): Uint8Array {
  const bits = new Uint8Array(MESSAGE_BITS);
  bits.set(bytesToBits(payload));
  const crc = crc16Bits(bits.subarray(0, PAYLOAD_BITS));
  for (let i = 0; i < CRC_BITS; i++) bits[PAYLOAD_BITS + i] = (crc >>> (CRC_BITS - 1 - i)) & 1;
  return bits;
}

/**
 * The watermark signal at 16 kHz: sqrt-Hann STFT of the host (512, hop 256, perfect reconstruction), each in-band
 * bin of a frame multiplied by (gain - 1) where gain is its (slot, band)'s magnitude factor, inverse FFT, overlap-add.
 * Scaling the host's own bins makes the change follow the local spectrum: zero in digital silence, a fixed fraction
 * under every partial. `logGain[slot * BANDS + band]` is the natural log of the factor. Two real frames share each
 * complex FFT (one in the real part, one in the imaginary part), forward and inverse.
 */
function shapedDifference(host: Float32Array, logGain: Float64Array, slots: number): Float32Array {
  const n = host.length;
  const out = new Float32Array(n);
  const fft = new Fft(N);
  const re = new Float64Array(N);
  const im = new Float64Array(N);
  const yRe = new Float64Array(N);
  const yIm = new Float64Array(N);
  const gain = [new Float64Array(N), new Float64Array(N)] as const;
  const framesPerSlot = SLOT / HOP;
  const frameStart = (e: number) => e * HOP + FRAME_CENTRE - N / 2;
  const frames = Math.min(slots * framesPerSlot, Math.ceil((n + N / 2) / HOP) + 1);
  for (let e = 0; e < frames; e += 2) {
    for (let h = 0; h < 2; h++) {
      const g = gain[h]!;
      const slot = Math.floor((e + h) / framesPerSlot);
      g.fill(0);
      if (e + h >= frames) continue;
      for (let k = 0; k <= N / 2; k++) {
        const j = BIN_BAND[k]!;
        if (j >= 0) g[k] = g[(N - k) % N] = Math.exp(logGain[slot * BANDS + j]!) - 1;
      }
      const buffer = h === 0 ? re : im;
      const start = frameStart(e + h);
      for (let i = 0; i < N; i++) {
        const t = start + i;
        buffer[i] = t >= 0 && t < n ? host[t]! * SQRT_HANN[i]! : 0;
      }
    }
    fft.transform(re, im);
    const [ga, gb] = gain;
    for (let k = 0; k < N; k++) {
      const m = (N - k) % N;
      const aRe = (re[k]! + re[m]!) / 2;
      const aIm = (im[k]! - im[m]!) / 2;
      const bRe = (im[k]! + im[m]!) / 2;
      const bIm = (re[m]! - re[k]!) / 2;
      yRe[k] = ga[k]! * aRe - gb[k]! * bIm;
      yIm[k] = ga[k]! * aIm + gb[k]! * bRe;
    }
    fft.inverse(yRe, yIm);
    for (let h = 0; h < 2 && e + h < frames; h++) {
      const y = h === 0 ? yRe : yIm;
      const start = frameStart(e + h);
      for (let i = 0; i < N; i++) {
        const t = start + i;
        if (t >= 0 && t < n) out[t]! += y[i]! * SQRT_HANN[i]!;
      }
    }
  }
  return out;
}

/** Largest log magnitude change per tile (+-22%): keeps the change a small fraction of the host everywhere. */
const MAX_LOG_GAIN = 0.2;
/** Largest pair contrast the embedder aims at (|y| -> 1 needs unbounded gains). */
const MAX_CONTRAST = 0.97;
const PASSES = 3;
/**
 * How the move of a unit is shared among its pairs: in proportion to (1 - y^2)^2 (the contrast's sensitivity to a
 * gain) times the pair's power relative to the unit's mean to the power -COST_EXPONENT. 0 spreads the move evenly
 * (most robust to additive noise), 1 puts it where it costs the least signal energy; between, a compromise.
 */
const COST_EXPONENT = 1;

/** Per local unit: the span pairs (column-in-span * BANDS + band) that feed it. */
function unitPairs(pattern: WatermarkPattern): Int32Array[] {
  const lists: number[][] = Array.from({ length: UNITS_PER_SPAN }, () => []);
  for (let i = 0; i < SPAN_PAIRS; i++) lists[pattern.pairUnit[i]!]!.push(i);
  return lists.map((l) => Int32Array.from(l));
}

/**
 * Spread-transform dithered-QIM embedding at 16 kHz: measure the units' projections with the detector's own feature
 * code, aim each at the nearest point of its bit's lattice, share the move among the unit's pairs, turn each pair's
 * contrast change into magnitude factors exp(+-c) on its two tiles, and refine on the marked signal (the STFT's
 * overlap leaks part of each change into neighbouring tiles).
 */
export function stdmDifference(host: Float32Array, unitBits: Uint8Array, pattern: WatermarkPattern): Float32Array {
  const slots = Math.ceil(host.length / SLOT) + 1;
  const logGain = new Float64Array(slots * BANDS);
  const pairsOf = unitPairs(pattern);
  const projections = new UnitProjections();
  let target = new Float64Array(0);
  let marked: Float32Array = host;
  let diff = new Float32Array(host.length);
  const weight = new Float64Array(SPAN_PAIRS);
  for (let pass = 0; pass < PASSES; pass++) {
    const features = new PairFeatures(spectrogram(marked, N / 2, N));
    features.compute({ time: 1, freq: 1 }, 0);
    projections.compute(features, pattern, 0);
    if (pass === 0) target = new Float64Array(projections.count * UNITS_PER_SPAN);
    const y = features.values;
    for (let s = 0; s < projections.count; s++) {
      const p0 = projections.firstColumn[s]!;
      const P0 = features.firstColumn + p0;
      for (let l = 0; l < UNITS_PER_SPAN; l++) {
        const x = projections.values[s * UNITS_PER_SPAN + l]!;
        const u = projections.blockSpan[s]! * UNITS_PER_SPAN + l;
        if (pass === 0) {
          const c = (pattern.dither[u]! + unitBits[u]! / 2) * QIM_STEP;
          target[s * UNITS_PER_SPAN + l] = c + QIM_STEP * Math.round((x - c) / QIM_STEP);
        }
        const move = target[s * UNITS_PER_SPAN + l]! - x;
        const pairs = pairsOf[l]!;
        let mean = 0;
        for (const i of pairs) mean += features.powerA[p0 * BANDS + i]! + features.powerB[p0 * BANDS + i]!;
        mean /= pairs.length;
        if (!(mean > 0)) continue;
        let total = 0;
        for (const i of pairs) {
          const v = y[p0 * BANDS + i]!;
          const power = (features.powerA[p0 * BANDS + i]! + features.powerB[p0 * BANDS + i]!) / mean;
          const w = power > 1e-6 ? (1 - v * v) ** 2 * power ** -COST_EXPONENT : 0;
          weight[i] = w;
          total += w;
        }
        if (!(total > 0)) continue;
        const scale = move / (pattern.unitNorm[l]! * total);
        for (const i of pairs) {
          const v = y[p0 * BANDS + i]!;
          const wanted = Math.max(-MAX_CONTRAST, Math.min(MAX_CONTRAST, v + pattern.pairSign[i]! * weight[i]! * scale));
          const c = (Math.atanh(wanted) - Math.atanh(Math.max(-MAX_CONTRAST, Math.min(MAX_CONTRAST, v)))) / 2;
          const column = P0 + Math.floor(i / BANDS);
          const j = i % BANDS;
          const a = 2 * column * BANDS + j;
          const b = a + BANDS;
          if (b >= logGain.length) continue;
          logGain[a] = Math.max(-MAX_LOG_GAIN, Math.min(MAX_LOG_GAIN, logGain[a]! + c));
          logGain[b] = Math.max(-MAX_LOG_GAIN, Math.min(MAX_LOG_GAIN, logGain[b]! - c));
        }
      }
    }
    diff = shapedDifference(host, logGain, slots) as Float32Array<ArrayBuffer>;
    if (pass < PASSES - 1) {
      const next = new Float32Array(host.length);
      for (let i = 0; i < host.length; i++) next[i] = host[i]! + diff[i]!;
      marked = next;
    }
  }
  return diff;
}

/**
 * Embeds the payload under `key`: CRC-16 and a rate-1/2 convolutional code, each coded bit carried by a unit of
 * spread-transform dithered QIM on band-energy contrasts between 64 ms slots (see layout.ts and README.md), repeated
 * every 4.1 s; computed on the 16 kHz mono downmix and added to every channel at the native rate, scaled down if
 * needed so that the track's SNR is at least `targetSnrDb`.
 *
 * @throws InvalidWatermarkKeyError, InvalidPayloadError, InvalidWatermarkAudioError.
 * @example
 * const { pcm: marked, snrDb } = embedWatermark(pcm, key, payload);
 */
export function embedWatermark(
  pcm: Pcm,
  key: WatermarkKey,
  payload: Uint8Array,
  options: EmbedWatermarkOptions = {},
): EmbedWatermarkReturnType {
  const parsedKey = parseWatermarkKey(key);
  if (!(payload instanceof Uint8Array) || payload.length !== WATERMARK_PAYLOAD_BYTES) {
    throw new InvalidPayloadError(
      `expected ${WATERMARK_PAYLOAD_BYTES} bytes, got ${payload instanceof Uint8Array ? payload.length : typeof payload}`,
    );
  }
  requireWatermarkAudio(pcm);
  const targetSnrDb = options.targetSnrDb ?? 38.5;
  if (!Number.isFinite(targetSnrDb)) throw new InvalidWatermarkAudioError("targetSnrDb must be a finite number");
  const pattern = watermarkPattern(parsedKey);
  const coded = convEncode(messageBits(payload));
  const unitBits = Uint8Array.from(pattern.codedBit, (c) => (c < 0 ? 0 : coded[c]!));

  const n = pcmLength(pcm);
  const rate = pcm.sampleRate;
  const mono = downmix(pcm);
  const host = rate === INTERNAL_RATE ? mono : Resampler.forRates(rate, INTERNAL_RATE, { quality: "medium" }).process(mono);
  const mark16 = stdmDifference(host, unitBits, pattern);
  const mark =
    rate === INTERNAL_RATE ? mark16 : Resampler.forRates(INTERNAL_RATE, rate, { quality: "medium" }).process(mark16, n);

  let signal = 0;
  for (const ch of pcm.channels) for (let i = 0; i < n; i++) signal += ch[i]! * ch[i]!;
  let markPower = 0;
  for (let i = 0; i < n; i++) markPower += mark[i]! * mark[i]!;
  markPower *= pcm.channels.length;
  // Distortion compensation: when the full QIM move would cost more than the target SNR allows, move part of the way.
  const strength = markPower > 0 ? Math.min(1, Math.sqrt(signal / (markPower * 10 ** (targetSnrDb / 10)))) : 0;

  let error = 0;
  const channels = pcm.channels.map((ch) => {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      let v = ch[i]! + strength * mark[i]!;
      if (v > 1) v = 1;
      else if (v < -1) v = -1;
      out[i] = v;
      const d = v - ch[i]!;
      error += d * d;
    }
    return out;
  });
  const snrDb = error > 0 ? 10 * Math.log10(signal / error) : Infinity;
  return { pcm: { sampleRate: rate, channels }, snrDb, strength };
}
