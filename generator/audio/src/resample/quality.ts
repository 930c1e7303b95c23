import { InvalidResampleQualityError } from "../errors/resample-error.js";
import { kaiserBeta } from "./kaiser.js";

/**
 * A windowed-sinc filter design. Lengths are counted at the lower of the two rates, so one design gives the same
 * relative transition band and attenuation whether it upsamples or downsamples.
 */
export interface ResampleQualitySpec {
  /** Half-length of the kernel in samples of the lower rate (zero crossings of the sinc on each side). */
  zeroCrossings: number;
  /** Stopband attenuation the Kaiser window is designed for, in dB. */
  stopbandDb: number;
}

/** Named designs, cheapest first. The transition band ends at the lower rate's Nyquist frequency. */
export const RESAMPLE_QUALITIES = {
  /** 16 taps per output sample at ratio 1; passband to ~45% of Nyquist, 60 dB. Previews only. */
  low: { zeroCrossings: 8, stopbandDb: 60 },
  /** 32 taps; passband to ~69% of Nyquist, 80 dB. */
  medium: { zeroCrossings: 16, stopbandDb: 80 },
  /** 96 taps; passband to ~87% of Nyquist (19 kHz at 44.1 kHz), 100 dB. The default. */
  high: { zeroCrossings: 48, stopbandDb: 100 },
  /** 192 taps; passband to ~92% of Nyquist, 120 dB. */
  best: { zeroCrossings: 96, stopbandDb: 120 },
} as const satisfies Record<string, ResampleQualitySpec>;

export type ResampleQualityName = keyof typeof RESAMPLE_QUALITIES;
export type ResampleQuality = ResampleQualityName | ResampleQualitySpec;

/** A design resolved into the numbers the kernel needs. */
export interface ResolvedQuality {
  zeroCrossings: number;
  beta: number;
  /** Sinc cutoff as a fraction of the lower rate's Nyquist frequency: the centre of the transition band. */
  cutoff: number;
}

/**
 * Resolves a preset or a specification. The Kaiser transition width for a kernel of 2 * zeroCrossings samples is
 * (A - 7.95) / (14.36 * zeroCrossings) of Nyquist (Kaiser's length formula), and the cutoff sits half a transition
 * below Nyquist so that the full attenuation is reached at Nyquist: nothing above the new Nyquist aliases back.
 */
export function resolveQuality(quality: ResampleQuality = "high"): ResolvedQuality {
  const spec: ResampleQualitySpec | undefined =
    typeof quality === "string" ? (RESAMPLE_QUALITIES as Record<string, ResampleQualitySpec>)[quality] : quality;
  if (
    spec === undefined ||
    typeof spec !== "object" ||
    !Number.isInteger(spec.zeroCrossings) ||
    spec.zeroCrossings < 2 ||
    spec.zeroCrossings > 1024 ||
    !Number.isFinite(spec.stopbandDb) ||
    spec.stopbandDb < 21 ||
    spec.stopbandDb > 200
  ) {
    throw new InvalidResampleQualityError(quality, {
      details: `Use one of ${Object.keys(RESAMPLE_QUALITIES).join(", ")} or { zeroCrossings: integer 2..1024, stopbandDb: 21..200 }`,
    });
  }
  const transition = (spec.stopbandDb - 7.95) / (14.36 * spec.zeroCrossings);
  if (transition >= 1) {
    throw new InvalidResampleQualityError(quality, {
      details: `${spec.zeroCrossings} zero crossings are too few for ${spec.stopbandDb} dB (transition band wider than Nyquist)`,
    });
  }
  return { zeroCrossings: spec.zeroCrossings, beta: kaiserBeta(spec.stopbandDb), cutoff: 1 - transition / 2 };
}
