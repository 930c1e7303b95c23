import { createHash } from "node:crypto";
import { canonicalJson } from "../tokenizer/canonical-json.js";
import type { ModelConfig } from "./model-config.js";
import type { ParameterSpec } from "./parameter-layout.js";

/**
 * The model hash: SHA-256 over the canonical JSON of the config, then each parameter in layout order as its name,
 * its shape and its float32 little-endian bytes. It identifies the model in manifests and on-chain records: any
 * change to a hyper-parameter, a style id or a single weight changes it, while saving and loading does not.
 */
export function computeModelHash(config: ModelConfig, layout: readonly ParameterSpec[], weights: ReadonlyMap<string, Float32Array>): string {
  const hash = createHash("sha256");
  hash.update("soundmark-model-hash/1\n");
  hash.update(canonicalJson(config));
  for (const spec of layout) {
    const data = weights.get(spec.name);
    if (!data) throw new Error(`no weights for ${spec.name}`);
    hash.update(`\n${spec.name}:${spec.shape.join("x")}\n`);
    hash.update(new Uint8Array(littleEndian(data)));
  }
  return hash.digest("hex");
}

const hostIsLittleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** The bytes of a float32 array in little-endian order (a copy only on big-endian hosts). */
export function littleEndian(data: Float32Array): ArrayBuffer {
  if (hostIsLittleEndian) return data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
  const out = new DataView(new ArrayBuffer(data.byteLength));
  data.forEach((x, i) => out.setFloat32(i * 4, x, true));
  return out.buffer;
}
