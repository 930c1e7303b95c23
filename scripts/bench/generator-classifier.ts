/**
 * A multinomial logistic regression over standardised features: small, deterministic (full-batch gradient descent
 * from zero weights), class-balanced (each class weighs the same whatever its number of samples), L2-regularised.
 */
export interface StyleClassifier {
  classes: string[];
  mean: number[];
  scale: number[];
  /** weights[c][f], with the bias as the last entry. */
  weights: number[][];
}

export interface TrainClassifierOptions {
  l2?: number;
  iterations?: number;
  learningRate?: number;
}

export function trainClassifier(samples: ReadonlyArray<{ features: readonly number[]; label: string }>, options: TrainClassifierOptions = {}): StyleClassifier {
  if (samples.length === 0) throw new RangeError("no samples to train the classifier on");
  const classes = [...new Set(samples.map((s) => s.label))].sort();
  const dims = samples[0]!.features.length;
  if (samples.some((s) => s.features.length !== dims || s.features.some((v) => !Number.isFinite(v)))) {
    throw new RangeError("samples must be finite feature vectors of one length");
  }
  const mean = new Array<number>(dims).fill(0);
  const scale = new Array<number>(dims).fill(0);
  for (const s of samples) s.features.forEach((v, f) => (mean[f]! += v / samples.length));
  for (const s of samples) s.features.forEach((v, f) => (scale[f]! += (v - mean[f]!) ** 2 / samples.length));
  for (let f = 0; f < dims; f++) scale[f] = Math.sqrt(scale[f]!) || 1;
  const x = samples.map((s) => [...standardise(s.features, mean, scale), 1]);
  const y = samples.map((s) => classes.indexOf(s.label));
  const counts = classes.map((_, c) => y.filter((k) => k === c).length);
  const sampleWeight = y.map((c) => 1 / (classes.length * counts[c]!));
  const l2 = options.l2 ?? 1e-2;
  const rate = options.learningRate ?? 0.5;
  const weights = classes.map(() => new Array<number>(dims + 1).fill(0));
  for (let it = 0; it < (options.iterations ?? 500); it++) {
    const grad = classes.map(() => new Array<number>(dims + 1).fill(0));
    x.forEach((row, i) => {
      const p = softmax(weights.map((w) => dot(w, row)));
      p.forEach((pc, c) => {
        const g = (pc - (y[i] === c ? 1 : 0)) * sampleWeight[i]!;
        for (let f = 0; f <= dims; f++) grad[c]![f]! += g * row[f]!;
      });
    });
    weights.forEach((w, c) => {
      for (let f = 0; f <= dims; f++) w[f]! -= rate * (grad[c]![f]! + (f < dims ? l2 * w[f]! : 0));
    });
  }
  return { classes, mean, scale, weights };
}

/** Log-probabilities of each class for one feature vector. */
export function classLogProbabilities(model: StyleClassifier, features: readonly number[]): number[] {
  const row = [...standardise(features, model.mean, model.scale), 1];
  const logits = model.weights.map((w) => dot(w, row));
  const max = Math.max(...logits);
  const log = Math.log(logits.reduce((s, l) => s + Math.exp(l - max), 0)) + max;
  return logits.map((l) => l - log);
}

/** The class of a piece given as one or more chunks' features: the highest summed log-probability over its chunks. */
export function classifyPiece(model: StyleClassifier, chunks: ReadonlyArray<readonly number[]>): string {
  if (chunks.length === 0) throw new RangeError("a piece needs at least one chunk to classify");
  const total = model.classes.map(() => 0);
  for (const chunk of chunks) classLogProbabilities(model, chunk).forEach((l, c) => (total[c]! += l));
  return model.classes[total.indexOf(Math.max(...total))]!;
}

function standardise(features: readonly number[], mean: readonly number[], scale: readonly number[]): number[] {
  return features.map((v, f) => (v - mean[f]!) / scale[f]!);
}

function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function softmax(logits: number[]): number[] {
  const max = Math.max(...logits);
  const e = logits.map((l) => Math.exp(l - max));
  const sum = e.reduce((s, v) => s + v, 0);
  return e.map((v) => v / sum);
}
