import type { VocabularySpec } from "./vocabulary.js";

/** Bucket of a MIDI velocity (1..127) among `velocityBins` even buckets. */
export function velocityBucket(spec: VocabularySpec, velocity: number): number {
  const v = Math.min(127, Math.max(1, Math.round(velocity)));
  return Math.min(spec.velocityBins - 1, Math.floor(((v - 1) * spec.velocityBins) / 127));
}

/** The velocity a bucket stands for: the middle of its range. */
export function velocityOfBucket(spec: VocabularySpec, bucket: number): number {
  const low = 1 + (bucket * 127) / spec.velocityBins;
  const high = 1 + ((bucket + 1) * 127) / spec.velocityBins;
  return Math.min(127, Math.max(1, Math.round((low + high - 1) / 2)));
}

/** Index of the duration bucket nearest to a length in steps (ties go to the shorter). */
export function durationBucket(spec: VocabularySpec, steps: number): number {
  return nearestIndex(spec.durationSteps, Math.max(1, steps), (x) => x);
}

/** Index of the tempo bucket nearest to a tempo, in log space (a tempo ratio is what the ear hears). */
export function tempoBucket(spec: VocabularySpec, bpm: number): number {
  return nearestIndex(spec.tempoBpms, bpm, Math.log);
}

function nearestIndex(values: readonly number[], target: number, scale: (x: number) => number): number {
  let best = 0;
  let bestDistance = Infinity;
  const t = scale(target);
  values.forEach((v, i) => {
    const d = Math.abs(scale(v) - t);
    if (d < bestDistance) {
      best = i;
      bestDistance = d;
    }
  });
  return best;
}
