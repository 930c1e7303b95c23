import type { ModelConfig } from "./model-config.js";

/** File names of a model directory. */
export const MODEL_JSON = "model.json";
export const WEIGHTS_BIN = "weights.bin";
export const CONFIG_JSON = "config.json";

/** config.json: the config, plus the model hash for a reader that does not load the weights (the job service, a manifest). */
export interface ConfigFile {
  config: ModelConfig;
  modelHash: string;
  parameterCount: number;
}

/** model.json in the TensorFlow.js artifacts layout (a custom topology: the weights manifest is tfjs's). */
export interface ModelJson {
  format: string;
  generatedBy: string;
  convertedBy: null;
  modelTopology: { className: "StyleTransformer"; config: ModelConfig };
  weightsManifest: Array<{ paths: string[]; weights: Array<{ name: string; shape: number[]; dtype: "float32" }> }>;
  userDefinedMetadata?: Record<string, unknown>;
}
