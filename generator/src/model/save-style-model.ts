import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { CONFIG_JSON, MODEL_JSON, WEIGHTS_BIN, type ConfigFile, type ModelJson } from "./model-files.js";
import { MODEL_FORMAT } from "./model-config.js";
import { littleEndian } from "./model-hash.js";
import type { StyleModel } from "./style-model.js";

export interface SaveStyleModelOptions {
  /** Free-form JSON kept in model.json's userDefinedMetadata (training metrics, corpus description); not hashed. */
  metadata?: Record<string, unknown>;
}

export interface SaveStyleModelReturnType {
  modelHash: string;
  files: string[];
}

/**
 * Writes a model directory: model.json + weights.bin (the TensorFlow.js artifacts layout, one weight shard) and
 * config.json (config and model hash). Each file goes to a temporary name first and is renamed into place, model.json
 * last, so that a reader never sees a half-written model.
 */
export async function saveStyleModel(model: StyleModel, dir: string, options: SaveStyleModelOptions = {}): Promise<SaveStyleModelReturnType> {
  await mkdir(dir, { recursive: true });
  const weights = model.readWeights();
  const modelHash = model.hash();
  const chunks = model.layout.map((spec) => new Uint8Array(littleEndian(weights.get(spec.name)!)));
  const bin = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    bin.set(chunk, offset);
    offset += chunk.length;
  }
  const modelJson: ModelJson = {
    format: MODEL_FORMAT,
    generatedBy: "soundmark",
    convertedBy: null,
    modelTopology: { className: "StyleTransformer", config: model.config },
    weightsManifest: [{ paths: [WEIGHTS_BIN], weights: model.layout.map((s) => ({ name: s.name, shape: s.shape, dtype: "float32" })) }],
    ...(options.metadata ? { userDefinedMetadata: options.metadata } : {}),
  };
  const configFile: ConfigFile = { config: model.config, modelHash, parameterCount: model.parameterCount };
  const write = async (name: string, data: Uint8Array | string): Promise<void> => {
    const target = path.join(dir, name);
    const temporary = `${target}.tmp-${process.pid}`;
    await writeFile(temporary, data);
    await rename(temporary, target);
  };
  await write(WEIGHTS_BIN, bin);
  await write(CONFIG_JSON, JSON.stringify(configFile, null, 2) + "\n");
  await write(MODEL_JSON, JSON.stringify(modelJson) + "\n");
  return { modelHash, files: [MODEL_JSON, WEIGHTS_BIN, CONFIG_JSON].map((f) => path.join(dir, f)) };
}
