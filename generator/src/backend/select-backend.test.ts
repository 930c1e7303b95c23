import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { BackendUnavailableError } from "./backend-error.js";
import { selectBackend } from "./select-backend.js";

describe("selectBackend", () => {
  it("falls back past the absent native packages to wasm, and reports why", async () => {
    const lines: string[] = [];
    const chosen = await selectBackend({ log: (l) => lines.push(l) });
    expect(chosen.name).toBe("wasm");
    expect(tf.getBackend()).toBe("wasm");
    expect(chosen.skipped).toEqual([{ name: "tensorflow-gpu", reason: "not installed" }, { name: "tensorflow", reason: "not installed" }]);
    expect(chosen.wasm?.threads).toBeGreaterThanOrEqual(1);
    expect(lines).toEqual([expect.stringMatching(/^tfjs backend: wasm \((no )?SIMD, \d+ threads?\); skipped tensorflow-gpu \(not installed\), tensorflow \(not installed\)$/)]);
    // The backend computes, not just registers.
    expect(Array.from(tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]])).dataSync())).toEqual([11]);
  });

  it("honours prefer: cpu", async () => {
    const chosen = await selectBackend({ prefer: "cpu", log: () => {} });
    expect(chosen).toEqual({ name: "cpu", tfjsName: "cpu", skipped: [] });
    expect(tf.getBackend()).toBe("cpu");
  });

  it("rejects an unknown backend name", async () => {
    await expect(selectBackend({ prefer: "webgpu" as never, log: () => {} })).rejects.toBeInstanceOf(BackendUnavailableError);
  });
});
