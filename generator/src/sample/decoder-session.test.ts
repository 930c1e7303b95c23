import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../backend/select-backend.js";
import { createStyleModel, type StyleModel } from "../model/style-model.js";
import { DecoderSession } from "./decoder-session.js";

describe("DecoderSession", () => {
  let model: StyleModel;
  beforeAll(async () => {
    await selectBackend({ log: () => {} });
    model = createStyleModel({ contextLength: 8, dModel: 16, numHeads: 2, numLayers: 2, styles: ["a"], initSeed: 2 });
  });
  afterAll(() => model.dispose());

  const fullPass = (tokens: number[]): number[] =>
    tf.tidy(() => Array.from(model.transformer.forward(tf.tensor2d([tokens], undefined, "int32"), tf.tensor1d([0], "int32"), { lastOnly: true }).logits.dataSync()));
  const close = (a: ArrayLike<number>, b: ArrayLike<number>): void => {
    for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThan(1e-4);
  };

  it("matches a full pass over the same window at every step, through cache rebuilds", () => {
    const session = new DecoderSession(model, 0, 1);
    const tokens = [1, 5, 40, 7, 90, 100, 3, 3, 60, 61, 62, 200, 201, 9, 8, 7, 6];
    let logits = session.prefill(tokens.slice(0, 2))[0]!;
    close(logits, fullPass(tokens.slice(0, 2)));
    let window = tokens.slice(0, 2);
    for (let i = 2; i < tokens.length; i++) {
      logits = session.step([tokens[i]!])[0]!;
      // The window the session attends over: everything while it fits, then the last half-context after each rebuild.
      const grown = [...window, tokens[i]!];
      window = grown.length > model.config.contextLength ? grown.slice(-model.config.contextLength / 2) : grown;
      expect(session.cached).toBe(window.length);
      close(logits, fullPass(window));
    }
    session.dispose();
  });

  it("reorders and duplicates rows (beams) with their caches", () => {
    const session = new DecoderSession(model, 0, 1);
    session.prefill([1, 5]);
    session.reorder([0, 0, 0]);
    const logits = session.step([10, 11, 12]);
    close(logits[1]!, fullPass([1, 5, 11]));
    session.reorder([2, 0]);
    const next = session.step([20, 21]);
    close(next[0]!, fullPass([1, 5, 12, 20]));
    close(next[1]!, fullPass([1, 5, 10, 21]));
    session.dispose();
  });
});
