import { InvalidSamplingParametersError } from "./sample-error.js";

/** How tokens are drawn. These, the seed and the model hash determine the output exactly. */
export interface SamplingParameters {
  /** Softmax temperature; 0 picks the most likely token (greedy). Default 1. */
  temperature: number;
  /** Keep the k most likely tokens (0 = all). Default 0. */
  topK: number;
  /** Keep the smallest set of tokens whose probability reaches p (nucleus; 1 = all). Default 1. */
  topP: number;
  /** Beam search with this many beams when > 1 (deterministic: the seed is unused). Default 1 (sampling). */
  beamWidth: number;
  /** Seed of the pseudo-random generator. Default 0. */
  seed: number;
}

export const defaultSamplingParameters: SamplingParameters = { temperature: 1, topK: 0, topP: 1, beamWidth: 1, seed: 0 };

/** Most tokens one call may generate, and the longest piece it may aim for. */
export const MAX_GENERATED_TOKENS = 200_000;
export const MAX_TARGET_SECONDS = 3600;

export function resolveSamplingParameters(input: Partial<SamplingParameters>): SamplingParameters {
  const p: SamplingParameters = { ...defaultSamplingParameters };
  for (const key of Object.keys(defaultSamplingParameters) as Array<keyof SamplingParameters>) {
    if (input[key] !== undefined) p[key] = input[key];
  }
  const check = (ok: boolean, what: string): void => {
    if (!ok) throw new InvalidSamplingParametersError(what);
  };
  check(Number.isFinite(p.temperature) && p.temperature >= 0 && p.temperature <= 100, `temperature must be in 0..100 (got ${p.temperature})`);
  check(Number.isInteger(p.topK) && p.topK >= 0, `topK must be a non-negative integer (got ${p.topK})`);
  check(Number.isFinite(p.topP) && p.topP > 0 && p.topP <= 1, `topP must be in (0, 1] (got ${p.topP})`);
  check(Number.isInteger(p.beamWidth) && p.beamWidth >= 1 && p.beamWidth <= 64, `beamWidth must be an integer in 1..64 (got ${p.beamWidth})`);
  check(Number.isSafeInteger(p.seed) && p.seed >= 0 && p.seed <= 0xffffffff, `seed must be an integer in 0..2^32-1 (got ${p.seed})`);
  return p;
}
