import { readFile } from "node:fs/promises";
import path from "node:path";
import { loadStyleModel } from "../model/load-style-model.js";
import { CONFIG_JSON, type ConfigFile } from "../model/model-files.js";
import { ModelFormatError } from "../model/model-error.js";
import type { StyleModel } from "../model/style-model.js";

/**
 * The one model a worker keeps loaded, keyed by folder and model hash: consecutive jobs on the same model skip the
 * load, a job on another model (or on a folder whose model was retrained, so its hash changed) replaces it.
 */
export class ModelCache {
  #key: string | undefined;
  #model: StyleModel | undefined;

  async get(dir: string): Promise<StyleModel> {
    const key = `${path.resolve(dir)}#${await recordedHash(dir)}`;
    if (this.#model && this.#key === key) return this.#model;
    this.dispose();
    const model = await loadStyleModel(dir);
    this.#model = model;
    this.#key = `${path.resolve(dir)}#${model.hash()}`;
    return model;
  }

  dispose(): void {
    this.#model?.dispose();
    this.#model = undefined;
    this.#key = undefined;
  }
}

/** The model hash config.json records (cheap: the weights are not read). */
async function recordedHash(dir: string): Promise<string> {
  try {
    const config = JSON.parse(await readFile(path.join(dir, CONFIG_JSON), "utf8")) as Partial<ConfigFile>;
    if (typeof config.modelHash !== "string") throw new Error("no modelHash");
    return config.modelHash;
  } catch (error) {
    throw new ModelFormatError(`cannot read the model hash from ${path.join(dir, CONFIG_JSON)} (${(error as Error).message})`, { cause: error });
  }
}
