import { readFile } from "node:fs/promises";
import path from "node:path";
import { BaseError } from "../../audio/src/errors/base-error.js";
import { CONFIG_JSON, MODEL_JSON, WEIGHTS_BIN, type ConfigFile, type ModelJson } from "./model-files.js";
import { validateModelConfig, type ModelConfig } from "./model-config.js";
import { ModelFormatError } from "./model-error.js";
import { parameterLayout } from "./parameter-layout.js";
import { StyleModel } from "./style-model.js";

/** Largest weights file read (4 GiB would not fit a Float32Array view anyway). */
const MAX_WEIGHT_BYTES = 2 * 1024 * 1024 * 1024;

export interface LoadStyleModelReturnType {
  model: StyleModel;
  /** model.json's userDefinedMetadata, if any. */
  metadata: Record<string, unknown> | undefined;
}

/**
 * Reads a model directory written by saveStyleModel and checks it end to end: the config validates, the weights
 * manifest matches the layout the config implies, the weights file has exactly the bytes it needs, and the model
 * hash recomputed from the weights equals the one recorded in config.json (a flipped bit is caught here, not in a
 * manifest later).
 *
 * @throws ModelFormatError for a missing or damaged directory.
 */
export async function loadStyleModelWithMetadata(dir: string): Promise<LoadStyleModelReturnType> {
  const configFile = await readJson<ConfigFile>(dir, CONFIG_JSON);
  const modelJson = await readJson<ModelJson>(dir, MODEL_JSON);
  const config = configFile.config;
  try {
    validateModelConfig(config);
  } catch (error) {
    throw new ModelFormatError(`${CONFIG_JSON}: ${(error as BaseError).message}`, { cause: error });
  }
  if (JSON.stringify(modelJson.modelTopology?.config) !== JSON.stringify(config)) {
    throw new ModelFormatError(`${MODEL_JSON} and ${CONFIG_JSON} describe different models`);
  }
  const layout = parameterLayout(config);
  const manifest = modelJson.weightsManifest;
  const listed = Array.isArray(manifest) && manifest.length === 1 ? manifest[0]!.weights : undefined;
  if (!listed || manifest[0]!.paths?.length !== 1 || manifest[0]!.paths[0] !== WEIGHTS_BIN) {
    throw new ModelFormatError(`${MODEL_JSON}: expected one weights shard named ${WEIGHTS_BIN}`);
  }
  const same = listed.length === layout.length && layout.every((s, i) =>
    listed[i]!.name === s.name && listed[i]!.dtype === "float32" && JSON.stringify(listed[i]!.shape) === JSON.stringify(s.shape));
  if (!same) throw new ModelFormatError(`${MODEL_JSON}: the weights manifest does not match the config's layers`);

  const expectedBytes = layout.reduce((n, s) => n + 4 * s.shape.reduce((a, b) => a * b, 1), 0);
  if (expectedBytes > MAX_WEIGHT_BYTES) throw new ModelFormatError(`${expectedBytes} bytes of weights exceed the limit`);
  const bin = await readFile(path.join(dir, WEIGHTS_BIN)).catch((error: unknown) => {
    throw new ModelFormatError(`cannot read ${WEIGHTS_BIN} (${(error as Error).message})`, { cause: error });
  });
  if (bin.length !== expectedBytes) {
    throw new ModelFormatError(`${WEIGHTS_BIN} holds ${bin.length} bytes; the config needs ${expectedBytes} (truncated or from another model?)`);
  }
  const view = new DataView(bin.buffer, bin.byteOffset, bin.byteLength);
  const weights = new Map<string, Float32Array>();
  let offset = 0;
  for (const spec of layout) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(size);
    for (let i = 0; i < size; i++) data[i] = view.getFloat32(offset + 4 * i, true);
    for (let i = 0; i < size; i++) {
      if (!Number.isFinite(data[i]!)) throw new ModelFormatError(`${WEIGHTS_BIN}: a non-finite weight in ${spec.name}`);
    }
    weights.set(spec.name, data);
    offset += 4 * size;
  }
  const model = new StyleModel(config as ModelConfig, weights);
  if (model.hash() !== configFile.modelHash) {
    model.dispose();
    throw new ModelFormatError(`the weights do not match the recorded model hash (damaged files?)`, {
      details: `recorded ${String(configFile.modelHash)}, computed from the files ${model.hash()}`,
    });
  }
  return { model, metadata: modelJson.userDefinedMetadata };
}

/** loadStyleModelWithMetadata without the metadata. */
export async function loadStyleModel(dir: string): Promise<StyleModel> {
  return (await loadStyleModelWithMetadata(dir)).model;
}

async function readJson<T>(dir: string, name: string): Promise<T> {
  let text: string;
  try {
    text = await readFile(path.join(dir, name), "utf8");
  } catch (error) {
    throw new ModelFormatError(`cannot read ${name} in ${dir} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, { cause: error });
  }
  try {
    const value = JSON.parse(text) as unknown;
    if (value === null || typeof value !== "object") throw new Error("not an object");
    return value as T;
  } catch (error) {
    throw new ModelFormatError(`${name} is not valid JSON (${(error as Error).message})`, { cause: error });
  }
}
