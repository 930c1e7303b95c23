import type { TrainModelParameters } from "./train-model.js";
import { InvalidTrainingParametersError } from "./train-error.js";

/** Training parameters with defaults filled in and domains checked. */
export interface ResolvedTrainingParameters {
  epochs: number;
  batchSize: number;
  learningRate: number;
  l2: number;
  dropout: number;
  earlyStoppingPatience: number;
  seed: number;
  maxStepsPerEpoch: number;
  clipNorm: number;
  transpositions: readonly number[];
}

export function resolveTrainingParameters(parameters: TrainModelParameters): ResolvedTrainingParameters {
  const r: ResolvedTrainingParameters = {
    epochs: parameters.epochs ?? 10,
    batchSize: parameters.batchSize ?? 16,
    learningRate: parameters.learningRate ?? (parameters.base ? 3e-4 : 1e-3),
    l2: parameters.l2 ?? 0,
    dropout: parameters.dropout ?? 0.1,
    earlyStoppingPatience: parameters.earlyStoppingPatience ?? 3,
    seed: parameters.seed ?? 0,
    maxStepsPerEpoch: parameters.maxStepsPerEpoch ?? Number.MAX_SAFE_INTEGER,
    clipNorm: parameters.clipNorm ?? 1,
    transpositions: parameters.transpositions ?? [],
  };
  const check = (ok: boolean, what: string): void => {
    if (!ok) throw new InvalidTrainingParametersError(what);
  };
  check(Number.isInteger(r.epochs) && r.epochs >= 1 && r.epochs <= 100_000, `epochs must be an integer in 1..100000 (got ${r.epochs})`);
  check(Number.isInteger(r.batchSize) && r.batchSize >= 1 && r.batchSize <= 4096, `batchSize must be an integer in 1..4096 (got ${r.batchSize})`);
  check(Number.isFinite(r.learningRate) && r.learningRate > 0 && r.learningRate < 10, `learningRate must be in (0, 10) (got ${r.learningRate})`);
  check(Number.isFinite(r.l2) && r.l2 >= 0, `l2 must be >= 0 (got ${r.l2})`);
  check(Number.isFinite(r.dropout) && r.dropout >= 0 && r.dropout < 1, `dropout must be in [0, 1) (got ${r.dropout})`);
  check(Number.isInteger(r.earlyStoppingPatience) && r.earlyStoppingPatience >= 1, `earlyStoppingPatience must be a positive integer`);
  check(Number.isSafeInteger(r.seed) && r.seed >= 0, `seed must be a non-negative integer (got ${r.seed})`);
  check(Number.isInteger(r.maxStepsPerEpoch) && r.maxStepsPerEpoch >= 1, `maxStepsPerEpoch must be a positive integer`);
  check(Number.isFinite(r.clipNorm) && r.clipNorm >= 0, `clipNorm must be >= 0`);
  check(r.transpositions.every((t) => Number.isInteger(t) && Math.abs(t) <= 24), "transpositions must be integers in -24..24");
  check(typeof parameters.styleId === "string" && parameters.styleId.length > 0, "styleId must be a non-empty string");
  return r;
}
