import { createVocabulary } from "../tokenizer/vocabulary.js";
import type { ModelConfig } from "./model-config.js";

/** One weight tensor of the model: its name (stable, part of the hash and of the files), shape and initialisation. */
export interface ParameterSpec {
  name: string;
  shape: number[];
  init: "normal" | "zeros" | "ones";
  /** Standard deviation of a normal initialisation. */
  std: number;
  /** Weight matrices take L2 regularisation; biases, gains and positions do not. */
  decay: boolean;
}

/** Every parameter of a config, in a fixed order (the order of initialisation, saving and hashing). */
export function parameterLayout(config: ModelConfig): ParameterSpec[] {
  const v = createVocabulary(config.vocabulary).size;
  const { dModel: d, dFF: f } = config;
  const std = 0.02;
  // GPT-2: residual projections scaled by 1/sqrt(2 * layers) so the residual stream's variance does not grow with depth.
  const residualStd = std / Math.sqrt(2 * config.numLayers);
  const specs: ParameterSpec[] = [
    { name: "embedding/token", shape: [v, d], init: "normal", std, decay: true },
    { name: "embedding/position", shape: [config.contextLength, d], init: "normal", std: std / 2, decay: false },
    { name: "embedding/style", shape: [config.vocabulary.maxStyles, d], init: "normal", std, decay: true },
  ];
  for (let i = 0; i < config.numLayers; i++) {
    const p = `block${i}`;
    specs.push(
      { name: `${p}/ln1/gamma`, shape: [d], init: "ones", std: 0, decay: false },
      { name: `${p}/ln1/beta`, shape: [d], init: "zeros", std: 0, decay: false },
      { name: `${p}/attention/qkv/kernel`, shape: [d, 3 * d], init: "normal", std, decay: true },
      { name: `${p}/attention/qkv/bias`, shape: [3 * d], init: "zeros", std: 0, decay: false },
      { name: `${p}/attention/output/kernel`, shape: [d, d], init: "normal", std: residualStd, decay: true },
      { name: `${p}/attention/output/bias`, shape: [d], init: "zeros", std: 0, decay: false },
      { name: `${p}/ln2/gamma`, shape: [d], init: "ones", std: 0, decay: false },
      { name: `${p}/ln2/beta`, shape: [d], init: "zeros", std: 0, decay: false },
      { name: `${p}/mlp/hidden/kernel`, shape: [d, f], init: "normal", std, decay: true },
      { name: `${p}/mlp/hidden/bias`, shape: [f], init: "zeros", std: 0, decay: false },
      { name: `${p}/mlp/output/kernel`, shape: [f, d], init: "normal", std: residualStd, decay: true },
      { name: `${p}/mlp/output/bias`, shape: [d], init: "zeros", std: 0, decay: false },
    );
  }
  specs.push(
    { name: "final_ln/gamma", shape: [d], init: "ones", std: 0, decay: false },
    { name: "final_ln/beta", shape: [d], init: "zeros", std: 0, decay: false },
  );
  if (!config.tiedEmbeddings) specs.push({ name: "head/kernel", shape: [d, v], init: "normal", std, decay: true });
  specs.push({ name: "head/bias", shape: [v], init: "zeros", std: 0, decay: false });
  return specs;
}
