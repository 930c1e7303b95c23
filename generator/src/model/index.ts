/**
 * The style model facade: create, save, load, hash. Sampling is in ../sample, training in ../train, tokens in
 * ../tokenizer; this is what the CLI, the pipeline and the job service import.
 */
export { StyleModel, createStyleModel } from "./style-model.js";
export { saveStyleModel, type SaveStyleModelOptions, type SaveStyleModelReturnType } from "./save-style-model.js";
export { loadStyleModel, loadStyleModelWithMetadata, type LoadStyleModelReturnType } from "./load-style-model.js";
export { computeModelHash } from "./model-hash.js";
export {
  MODEL_FORMAT,
  countParameters,
  largeModelShape,
  resolveModelConfig,
  smallModelShape,
  type ModelConfig,
  type ModelConfigInput,
} from "./model-config.js";
export { InvalidModelConfigError, ModelFormatError, UnknownStyleError } from "./model-error.js";
export { CONFIG_JSON, MODEL_JSON, WEIGHTS_BIN, type ConfigFile } from "./model-files.js";
export type { KvCache } from "./kv-cache.js";

import type { StyleModel } from "./style-model.js";

/** The SHA-256 model hash (hex) that goes into manifests and on-chain records. */
export function modelHash(model: StyleModel): string {
  return model.hash();
}
