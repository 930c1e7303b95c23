import { createVocabulary, defaultVocabularySpec, type VocabularySpec } from "../tokenizer/vocabulary.js";
import { InvalidModelConfigError } from "./model-error.js";

export const MODEL_FORMAT = "soundmark-style-transformer/1";

/** Hyper-parameters of a style model: everything needed to rebuild it, and part of its hash. */
export interface ModelConfig {
  format: typeof MODEL_FORMAT;
  vocabulary: VocabularySpec;
  /** SHA-256 of the vocabulary spec, checked at load. */
  vocabularyHash: string;
  /** Longest token window the model attends over (learned positions). */
  contextLength: number;
  dModel: number;
  numHeads: number;
  numLayers: number;
  /** Width of the MLP hidden layer (4 * dModel in GPT-2). */
  dFF: number;
  /** The output projection is the token embedding, transposed (fewer parameters, better on small corpora). */
  tiedEmbeddings: boolean;
  /** Style ids the model knows, in STYLE-token order (style i is token STYLE_i and style embedding row i). */
  styles: string[];
  /** Seed of the weight initialisation. */
  initSeed: number;
}

export type ModelConfigInput = Partial<Omit<ModelConfig, "format" | "vocabularyHash">> & { styles?: string[] };

/** A small model that trains in seconds on the wasm backend: the default for tests and for `npm start`. */
export const smallModelShape = { contextLength: 256, dModel: 64, numHeads: 4, numLayers: 2, dFF: 256 } as const;

/** The article's configuration: 8 heads, d_model 512 (about 20 M parameters; meant for a GPU backend). */
export const largeModelShape = { contextLength: 1024, dModel: 512, numHeads: 8, numLayers: 6, dFF: 2048 } as const;

/** A complete, validated config from partial input (the small shape and the default vocabulary by default). */
export function resolveModelConfig(input: ModelConfigInput = {}): ModelConfig {
  const vocabulary = input.vocabulary ?? defaultVocabularySpec;
  let vocabularyHash: string;
  try {
    vocabularyHash = createVocabulary(vocabulary).hash;
  } catch (error) {
    throw new InvalidModelConfigError((error as Error).message, { cause: error });
  }
  const config: ModelConfig = {
    format: MODEL_FORMAT,
    vocabulary,
    vocabularyHash,
    contextLength: input.contextLength ?? smallModelShape.contextLength,
    dModel: input.dModel ?? smallModelShape.dModel,
    numHeads: input.numHeads ?? smallModelShape.numHeads,
    numLayers: input.numLayers ?? smallModelShape.numLayers,
    dFF: input.dFF ?? 4 * (input.dModel ?? smallModelShape.dModel),
    tiedEmbeddings: input.tiedEmbeddings ?? true,
    styles: [...(input.styles ?? [])],
    initSeed: input.initSeed ?? 0,
  };
  validateModelConfig(config);
  return config;
}

export function validateModelConfig(config: ModelConfig): void {
  const positive = (name: keyof ModelConfig, max: number): void => {
    const value = config[name];
    if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > max) {
      throw new InvalidModelConfigError(`${name} must be an integer in 1..${max} (got ${String(value)})`);
    }
  };
  if (config.format !== MODEL_FORMAT) throw new InvalidModelConfigError(`unknown format "${String(config.format)}"`);
  let vocabularyHash: string;
  try {
    vocabularyHash = createVocabulary(config.vocabulary).hash;
  } catch (error) {
    throw new InvalidModelConfigError(`vocabulary: ${(error as Error).message}`, { cause: error });
  }
  if (vocabularyHash !== config.vocabularyHash) throw new InvalidModelConfigError("vocabularyHash does not match the vocabulary spec");
  positive("contextLength", 8192);
  positive("dModel", 4096);
  positive("numHeads", 64);
  positive("numLayers", 64);
  positive("dFF", 16384);
  if (config.contextLength < 4) throw new InvalidModelConfigError("contextLength must be at least 4");
  if (config.dModel % config.numHeads !== 0) {
    throw new InvalidModelConfigError(`dModel ${config.dModel} is not divisible by numHeads ${config.numHeads}`);
  }
  if (!Number.isInteger(config.initSeed)) throw new InvalidModelConfigError("initSeed must be an integer");
  if (!Array.isArray(config.styles) || config.styles.some((s) => typeof s !== "string" || s.length === 0 || s.length > 128)) {
    throw new InvalidModelConfigError("styles must be non-empty strings of at most 128 characters");
  }
  if (new Set(config.styles).size !== config.styles.length) throw new InvalidModelConfigError("duplicate style ids");
  if (config.styles.length > config.vocabulary.maxStyles) {
    throw new InvalidModelConfigError(`${config.styles.length} styles exceed the vocabulary's ${config.vocabulary.maxStyles}`);
  }
}

/** Number of trainable parameters of a config, computed from shapes alone (no weights allocated). */
export function countParameters(config: ModelConfig): number {
  const vocabularySize = createVocabulary(config.vocabulary).size;
  const { dModel: d, dFF: f, numLayers: layers, contextLength: c } = config;
  const embeddings = vocabularySize * d + c * d + config.vocabulary.maxStyles * d;
  const block = 2 * 2 * d + (d * 3 * d + 3 * d) + (d * d + d) + (d * f + f) + (f * d + d);
  const head = (config.tiedEmbeddings ? 0 : d * vocabularySize) + vocabularySize;
  return embeddings + layers * block + 2 * d + head;
}
