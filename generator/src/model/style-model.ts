import * as tf from "@tensorflow/tfjs";
import { createVocabulary, type Vocabulary } from "../tokenizer/vocabulary.js";
import { createVariables, initParameterValues } from "./init-parameters.js";
import { resolveModelConfig, validateModelConfig, type ModelConfig, type ModelConfigInput } from "./model-config.js";
import { computeModelHash } from "./model-hash.js";
import { InvalidModelConfigError, UnknownStyleError } from "./model-error.js";
import { parameterLayout, type ParameterSpec } from "./parameter-layout.js";
import { Transformer } from "./transformer.js";

let instances = 0;

/**
 * A style model: the Transformer, its config and vocabulary, and the model hash. Owns tfjs variables: call
 * `dispose()` when done.
 */
export class StyleModel {
  readonly config: ModelConfig;
  readonly vocabulary: Vocabulary;
  readonly layout: readonly ParameterSpec[];
  readonly transformer: Transformer;
  #hash: string | undefined;

  constructor(config: ModelConfig, weights?: ReadonlyMap<string, Float32Array>) {
    validateModelConfig(config);
    this.config = structuredClone(config);
    this.vocabulary = createVocabulary(config.vocabulary);
    if (this.vocabulary.hash !== config.vocabularyHash) throw new InvalidModelConfigError("vocabularyHash does not match the vocabulary spec");
    this.layout = parameterLayout(this.config);
    const values = weights ?? initParameterValues(this.layout, this.config.initSeed);
    this.transformer = new Transformer(this.config, createVariables(this.layout, values, ++instances));
  }

  /** SHA-256 of the config and weights (cached until the weights or styles change). */
  hash(): string {
    this.#hash ??= computeModelHash(this.config, this.layout, this.readWeights());
    return this.#hash;
  }

  /** Tell the model that its variables were updated (the trainer does), so that the hash is recomputed. */
  weightsChanged(): void {
    this.#hash = undefined;
  }

  get styles(): readonly string[] {
    return this.config.styles;
  }

  /** Index of a style (its STYLE token is `vocabulary.styleBase + index`). */
  styleIndex(styleId: string): number {
    const index = this.config.styles.indexOf(styleId);
    if (index < 0) throw new UnknownStyleError(styleId, this.config.styles);
    return index;
  }

  /** Adds a style (fine-tuning a base model on a new artist); returns its index. Known styles keep theirs. */
  addStyle(styleId: string): number {
    const known = this.config.styles.indexOf(styleId);
    if (known >= 0) return known;
    const styles = [...this.config.styles, styleId];
    validateModelConfig({ ...this.config, styles });
    this.config.styles.push(styleId);
    this.#hash = undefined;
    return styles.length - 1;
  }

  /** A copy of every weight, by parameter name. */
  readWeights(): Map<string, Float32Array> {
    const out = new Map<string, Float32Array>();
    for (const spec of this.layout) out.set(spec.name, Float32Array.from(this.transformer.variables.get(spec.name)!.dataSync() as Float32Array));
    return out;
  }

  /** Overwrites every weight (restoring the best epoch of a training run). */
  writeWeights(weights: ReadonlyMap<string, Float32Array>): void {
    for (const spec of this.layout) {
      const data = weights.get(spec.name);
      if (!data) throw new Error(`no weights for ${spec.name}`);
      tf.tidy(() => this.transformer.variables.get(spec.name)!.assign(tf.tensor(data, spec.shape, "float32")));
    }
    this.#hash = undefined;
  }

  /** An independent copy (same config and weights, new variables): a base model stays intact while a copy fine-tunes. */
  clone(): StyleModel {
    return new StyleModel(this.config, this.readWeights());
  }

  /** Number of trainable parameters. */
  get parameterCount(): number {
    return this.layout.reduce((sum, spec) => sum + spec.shape.reduce((a, b) => a * b, 1), 0);
  }

  dispose(): void {
    for (const variable of this.transformer.variables.values()) variable.dispose();
  }
}

/** A new model with freshly initialised weights (deterministic in `initSeed`). */
export function createStyleModel(config: ModelConfigInput = {}): StyleModel {
  return new StyleModel(resolveModelConfig(config));
}
