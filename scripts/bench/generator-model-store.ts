import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { loadStyleModelWithMetadata, saveStyleModel, type StyleModel } from "../../generator/src/model/index.js";
import { canonicalJson } from "../../generator/src/tokenizer/canonical-json.js";

/**
 * Bumped by hand when the training code changes what a given recipe produces (a cached model would otherwise be
 * reused for a recipe it no longer matches).
 */
export const TRAINING_CODE_VERSION = "2026-11-24.1";

/**
 * The key of a trained model: a SHA-256 over everything that decides its weights — the recipe (settings, seed,
 * model config), the exact tokens of its training and validation pieces, the key of the model it starts from, and
 * the training code version. Same key, same weights (training is deterministic for a seed on a backend).
 */
export function trainingKey(recipe: unknown, pieces: ReadonlyArray<{ name: string; tokens: readonly number[] }>, parent?: string): string {
  const hash = createHash("sha256");
  hash.update(canonicalJson({ version: TRAINING_CODE_VERSION, recipe, parent: parent ?? null }));
  for (const piece of pieces) {
    hash.update(`\n${piece.name}\n`);
    hash.update(new Uint8Array(Int32Array.from(piece.tokens).buffer));
  }
  return hash.digest("hex");
}

/**
 * A directory of trained models by key (`<dir>/<label>-<key 16 hex>/`), each with the training report it came with,
 * so that a bench run can skip training whose result it already has. A model directory is checked end to end on
 * load (its model hash is recomputed from the weights).
 */
export class ModelStore {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
  }

  pathOf(label: string, key: string): string {
    if (!/^[\w.-]+$/.test(label)) throw new RangeError(`a model label must be a plain file name (got ${JSON.stringify(label)})`);
    if (!/^[0-9a-f]{64}$/.test(key)) throw new RangeError("a model key must be 64 hex digits");
    return path.join(this.dir, `${label}-${key.slice(0, 16)}`);
  }

  /** The stored model and its report, or undefined when none is stored under that key. */
  async load<R>(label: string, key: string): Promise<{ model: StyleModel; report: R } | undefined> {
    const dir = this.pathOf(label, key);
    if (!existsSync(path.join(dir, "model.json"))) return undefined;
    const { model, metadata } = await loadStyleModelWithMetadata(dir);
    if (metadata?.trainingKey !== key) {
      model.dispose();
      return undefined;
    }
    return { model, report: metadata.report as R };
  }

  async save(label: string, key: string, model: StyleModel, report: unknown): Promise<string> {
    const dir = this.pathOf(label, key);
    await saveStyleModel(model, dir, { metadata: { trainingKey: key, report } });
    return dir;
  }
}
