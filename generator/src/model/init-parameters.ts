import * as tf from "@tensorflow/tfjs";
import { SeededRandom } from "../../audio/src/random/seeded-random.js";
import type { ParameterSpec } from "./parameter-layout.js";

/**
 * Initial weights drawn from a seeded generator in JavaScript rather than tf.randomNormal, so that the same seed gives
 * the same weights on every backend (the backends' random kernels differ).
 */
export function initParameterValues(layout: readonly ParameterSpec[], seed: number): Map<string, Float32Array> {
  const random = new SeededRandom(seed);
  const values = new Map<string, Float32Array>();
  for (const spec of layout) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(size);
    if (spec.init === "ones") data.fill(1);
    else if (spec.init === "normal") {
      for (let i = 0; i < size; i++) {
        // Truncated at two standard deviations, as GPT-2 and BERT do.
        let x = random.gaussian();
        while (x > 2 || x < -2) x = random.gaussian();
        data[i] = x * spec.std;
      }
    }
    values.set(spec.name, data);
  }
  return values;
}

/** Trainable variables holding the given values (named after the parameters, unique per model instance). */
export function createVariables(layout: readonly ParameterSpec[], values: ReadonlyMap<string, Float32Array>, instance: number): Map<string, tf.Variable> {
  const variables = new Map<string, tf.Variable>();
  for (const spec of layout) {
    const data = values.get(spec.name);
    if (!data) throw new Error(`no value for parameter ${spec.name}`);
    const initial = tf.tensor(data, spec.shape, "float32");
    variables.set(spec.name, tf.variable(initial, true, `m${instance}/${spec.name}`));
    initial.dispose();
  }
  return variables;
}
