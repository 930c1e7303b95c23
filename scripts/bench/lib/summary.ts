import { quantile } from "./table.js";

/** Distribution of a benchmark quantity (finite values only; `count` says how many were given in all). */
export interface Summary {
  count: number;
  finite: number;
  mean: number;
  median: number;
  p5: number;
  p95: number;
  min: number;
  max: number;
}

/** Mean, median, 5th / 95th percentile, min and max of the finite values; NaN fields when there are none. */
export function summarize(values: readonly number[]): Summary {
  const finite = values.filter(Number.isFinite);
  const mean = finite.length ? finite.reduce((s, v) => s + v, 0) / finite.length : Number.NaN;
  return {
    count: values.length,
    finite: finite.length,
    mean,
    median: quantile(finite, 0.5),
    p5: quantile(finite, 0.05),
    p95: quantile(finite, 0.95),
    min: finite.length ? Math.min(...finite) : Number.NaN,
    max: finite.length ? Math.max(...finite) : Number.NaN,
  };
}
