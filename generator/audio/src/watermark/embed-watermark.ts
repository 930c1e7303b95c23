import { InvalidPayloadError, InvalidWatermarkAudioError } from "../errors/watermark-error.js";
import { Fft } from "../fft/fft.js";
import { downmix, pcmLength, type Pcm } from "../pcm.js";
import { Resampler } from "../resample/resampler.js";
import { bytesToBits, crc16Bits } from "./crc16.js";
import { convEncode } from "./convolutional-code.js";
import {
  BANDS,
  BLOCK_PAIRS,
  CRC_BITS,
  QIM_STEP,
  SLOT,
  INTERNAL_RATE,
  MESSAGE_BITS,
  PAYLOAD_BITS,
  WATERMARK_PAYLOAD_BYTES,
  watermarkPattern,
} from "./layout.js";
import { parseWatermarkKey, type WatermarkKey } from "./watermark-key.js";
import { requireWatermarkAudio } from "./validate-audio.js";
import { UnitFeatures, bandBins, spectrogram } from "./unit-features.js";

export interface EmbedWatermarkOptions {
  /** Floor on the signal-to-watermark ratio in dB over the whole track (default 39): the QIM move is scaled down to it. */
  targetSnrDb?: number;

}

export interface EmbedWatermarkReturnType {
  pcm: Pcm;
  /** Measured 10 log10(sum x^2 / sum (y - x)^2) over all channels; Infinity when nothing was added (silence). */
  snrDb: number;
  /** The fraction of the full QIM move applied (1 unless the SNR floor scaled it down). */
  strength: number;
}

const N = 1024;
const HOP = N / 2;

/** Band index of each FFT bin at 16 kHz / 1024 (-1 outside the bands), exactly the detector's bins at scale 1. */
const BIN_BAND: Int16Array = (() => {
  const out = new Int16Array(N / 2 + 1).fill(-1);
  const k0 = new Int32Array(BANDS);
  const k1 = new Int32Array(BANDS);
  bandBins(1, k0, k1);
  for (let j = 0; j < BANDS; j++) for (let k = k0[j]!; k < k1[j]!; k++) out[k] = j;
  return out;
})();

const SQRT_HANN = (() => {
  const w = new Float64Array(N);
  for (let i = 0; i < N; i++) w[i] = Math.sin((Math.PI * i) / N);
  return w;
})();

/** The message bits: payload (64) then CRC-16 of the payload. */
export function messageBits(payload: Uint8Array): Uint8Array {
  const bits = new Uint8Array(MESSAGE_BITS);
  bits.set(bytesToBits(payload));
  const crc = crc16Bits(bits.subarray(0, PAYLOAD_BITS));
  for (let i = 0; i < CRC_BITS; i++) bits[PAYLOAD_BITS + i] = (crc >>> (CRC_BITS - 1 - i)) & 1;
  return bits;
}

/**
 * The watermark signal at 16 kHz: sqrt-Hann STFT of the host (1024, hop 512, perfect reconstruction), each in-band
 * bin of frame e multiplied by (gain - 1) where gain is its (slot, band)'s magnitude factor, inverse FFT, overlap-add.
 * Scaling the host's own bins makes the change follow the local spectrum: zero in digital silence, -N dB under every
 * partial. `logGain[slot * BANDS + band]` is the natural log of the factor. Buffers are allocated once per call.
 */
function shapedDifference(host: Float32Array, logGain: Float64Array, slots: number): Float32Array {
  const n = host.length;
  const out = new Float32Array(n);
  const fft = new Fft(N);
  const re = new Float64Array(N);
  const im = new Float64Array(N);
  const factor = new Float64Array(BANDS);
  const frames = Math.ceil(n / HOP) + 1;
  for (let e = 0; e < frames; e++) {
    const slot = e >> 2;
    if (slot >= slots) break;
    let any = false;
    for (let j = 0; j < BANDS; j++) {
      factor[j] = Math.exp(logGain[slot * BANDS + j]!) - 1;
      if (factor[j] !== 0) any = true;
    }
    if (!any) continue;
    const start = e * HOP - HOP; // frame e is centred on sample e * HOP
    let energy = 0;
    for (let i = 0; i < N; i++) {
      const t = start + i;
      const v = t >= 0 && t < n ? host[t]! * SQRT_HANN[i]! : 0;
      re[i] = v;
      im[i] = 0;
      energy += v * v;
    }
    if (energy === 0) continue;
    fft.transform(re, im);
    re[0] = 0;
    im[0] = 0;
    for (let k = 1; k <= N / 2; k++) {
      const j = BIN_BAND[k]!;
      const g = j < 0 ? 0 : factor[j]!;
      re[k]! *= g;
      im[k]! *= g;
      if (k < N / 2) {
        re[N - k] = re[k]!;
        im[N - k] = -im[k]!;
      }
    }
    fft.inverse(re, im);
    for (let i = 0; i < N; i++) {
      const t = start + i;
      if (t >= 0 && t < n) out[t]! += re[i]! * SQRT_HANN[i]!;
    }
  }
  return out;
}

/** Analysis grid of the embedder: 1024 samples of lead so that frame 0 is centred at -512 (pair 0 fully covered). */
const LEAD = 1024;
const ORIGIN = -512;
/** Largest log magnitude change per tile (+-13%): a guard for the refinement passes. */
const MAX_LOG_GAIN = 0.12;
const PASSES = 6;

/**
 * Dithered-QIM embedding at 16 kHz: measure the unit values with the detector's own feature code, aim each at its
 * nearest lattice point, turn the wanted change d of log E(A) - log E(B) into magnitude factors exp(+-d / 4) on the
 * two tiles, and refine twice on the marked signal (the STFT's overlap leaks part of each change into neighbours).
 */
export function qimDifference(host: Float32Array, unitBits: Uint8Array, dither: Float64Array): Float32Array {
  const slots = Math.ceil(host.length / SLOT) + 1;
  const pairs = Math.ceil(slots / 2);
  const logGain = new Float64Array(2 * pairs * BANDS);
  const target = new Float64Array(pairs * BANDS).fill(NaN);
  let marked: Float32Array = host;
  let diff = new Float32Array(host.length);
  for (let pass = 0; pass < PASSES; pass++) {
    const features = new UnitFeatures(spectrogram(marked, LEAD, LEAD));
    features.compute({ time: 1, freq: 1 }, ORIGIN);
    for (let p = 0; p < features.pairs; p++) {
      const P = features.firstPair + p;
      if (P >= pairs) break;
      const unitBase = (P % BLOCK_PAIRS) * BANDS;
      for (let j = 0; j < BANDS; j++) {
        const i = P * BANDS + j;
        const y = features.values[p * BANDS + j]!;
        if (pass === 0) {
          if (features.weight[p * BANDS + j] === 0) continue;
          const u = unitBase + j;
          const c = (dither[u]! + unitBits[u]! / 2) * QIM_STEP;
          target[i] = c + QIM_STEP * Math.round((y - c) / QIM_STEP);
        }
        const t = target[i]!;
        if (Number.isNaN(t)) continue;
        const step = (t - y) / 4;
        const a = 2 * P * BANDS + j;
        const b = (2 * P + 1) * BANDS + j;
        logGain[a] = Math.max(-MAX_LOG_GAIN, Math.min(MAX_LOG_GAIN, logGain[a]! + step));
        logGain[b] = Math.max(-MAX_LOG_GAIN, Math.min(MAX_LOG_GAIN, logGain[b]! - step));
      }
    }
    diff = shapedDifference(host, logGain, 2 * pairs) as Float32Array<ArrayBuffer>;
    if (pass < PASSES - 1) {
      const next = new Float32Array(host.length);
      for (let i = 0; i < host.length; i++) next[i] = host[i]! + diff[i]!;
      marked = next;
    }
  }
  return diff;
}

/**
 * Embeds the 8-byte `payload` under `key`: CRC-16 and a rate-1/2 convolutional code, spread by a keyed pattern over
 * dithered-QIM changes of band-energy ratios between 128 ms slots (see layout.ts and README.md), repeated every
 * 4.1 s; computed on the 16 kHz mono downmix and added to every channel at the native rate, scaled down if needed
 * so that the track's SNR is at least `targetSnrDb`.
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
  const targetSnrDb = options.targetSnrDb ?? 39;
  if (!Number.isFinite(targetSnrDb)) throw new InvalidWatermarkAudioError("targetSnrDb must be a finite number");
  const { dither, role } = watermarkPattern(parsedKey);
  const coded = convEncode(messageBits(payload));
  const unitBits = new Uint8Array(role.length);
  for (let u = 0; u < role.length; u++) unitBits[u] = role[u]! < 0 ? 0 : coded[role[u]!]!;

  const n = pcmLength(pcm);
  const rate = pcm.sampleRate;
  const mono = downmix(pcm);
  const host = rate === INTERNAL_RATE ? mono : Resampler.forRates(rate, INTERNAL_RATE, { quality: "medium" }).process(mono);
  const mark16 = qimDifference(host, unitBits, dither);
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
