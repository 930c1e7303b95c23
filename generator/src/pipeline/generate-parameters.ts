import { defaultSamplingParameters, type SamplingParameters as SamplerParameters } from "../sample/sampling-parameters.js";
import { InvalidGenerateParametersError } from "./pipeline-error.js";

/** How tokens are drawn (the sampler's parameters; the seed is kept apart, next to the length). */
export type SamplingParameters = Omit<SamplerParameters, "seed">;

const { seed: _unused, ...samplerDefaults } = defaultSamplingParameters;
export const DEFAULT_SAMPLING: SamplingParameters = samplerDefaults;

/**
 * Bounds on one generation request, tighter than the sampler's own: a track of at most 10 minutes, sampling settings
 * in ranges that make music (a job API must refuse a temperature of 100 or 64 beams before it queues them).
 */
export const GENERATE_LIMITS = {
  minSeconds: 1,
  maxSeconds: 600,
  maxSeed: 0xffffffff,
  maxTemperature: 5,
  maxTopK: 1000,
  maxBeam: 16,
} as const;

/** What fixes a generated track, with the model hash: the same values give the same bytes. */
export interface GenerateParameters {
  seconds: number;
  seed: number;
  sampling: SamplingParameters;
}

/**
 * Checks every field and fills in sampling defaults.
 *
 * @throws InvalidGenerateParametersError naming the first field out of range.
 */
export function checkGenerateParameters(input: {
  seconds: number;
  seed: number;
  sampling?: Partial<SamplingParameters>;
}): GenerateParameters {
  const bad = (what: string) => new InvalidGenerateParametersError(what);
  const { seconds, seed } = input;
  const L = GENERATE_LIMITS;
  if (typeof seconds !== "number" || !Number.isFinite(seconds) || seconds < L.minSeconds || seconds > L.maxSeconds) {
    throw bad(`seconds must be a number from ${L.minSeconds} to ${L.maxSeconds}, got ${String(seconds)}`);
  }
  if (!Number.isInteger(seed) || seed < 0 || seed > L.maxSeed) throw bad(`seed must be an integer 0..${L.maxSeed}, got ${String(seed)}`);
  const sampling = { ...DEFAULT_SAMPLING };
  for (const [key, value] of Object.entries(input.sampling ?? {})) {
    if (value === undefined) continue;
    if (!(key in DEFAULT_SAMPLING)) throw bad(`unknown sampling parameter "${key}"`);
    sampling[key as keyof SamplingParameters] = value;
  }
  const { temperature, topK, topP, beamWidth } = sampling;
  if (typeof temperature !== "number" || !(temperature >= 0 && temperature <= L.maxTemperature)) {
    throw bad(`temperature must be 0 (greedy) to ${L.maxTemperature}, got ${String(temperature)}`);
  }
  if (!Number.isInteger(topK) || topK < 0 || topK > L.maxTopK) throw bad(`topK must be an integer 0..${L.maxTopK}, got ${String(topK)}`);
  if (typeof topP !== "number" || !(topP > 0 && topP <= 1)) throw bad(`topP must be > 0 and <= 1, got ${String(topP)}`);
  if (!Number.isInteger(beamWidth) || beamWidth < 1 || beamWidth > L.maxBeam) {
    throw bad(`beamWidth must be an integer 1..${L.maxBeam}, got ${String(beamWidth)}`);
  }
  return { seconds, seed, sampling };
}
