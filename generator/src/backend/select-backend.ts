import { createRequire } from "node:module";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { BackendUnavailableError } from "./backend-error.js";

/** Backends in order of preference: native CUDA, native CPU, WebAssembly (SIMD), plain JavaScript. */
export type BackendName = "tensorflow-gpu" | "tensorflow" | "wasm" | "cpu";

export const backendPreference: readonly BackendName[] = ["tensorflow-gpu", "tensorflow", "wasm", "cpu"];

export interface SelectBackendParameters {
  /** Start the search at this backend (skipping the faster ones): `cpu` forces plain JavaScript. */
  prefer?: BackendName;
  /** Where the choice is reported; console.error by default (stdout stays clean for CLI output). */
  log?: (line: string) => void;
}

export interface SelectBackendReturnType {
  /** The backend that runs. */
  name: BackendName;
  /** tfjs's own name of it (`tensorflow` for both native packages). */
  tfjsName: string;
  /** Backends tried before it and why each was skipped. */
  skipped: Array<{ name: BackendName; reason: string }>;
  /** For wasm: whether the SIMD build runs, and on how many threads (benchmarks report it). */
  wasm?: { simd: boolean; threads: number };
}

/**
 * Picks the fastest TensorFlow.js backend that starts here and makes it current. The native packages are optional
 * (they download libtensorflow at install, which fails offline) and are imported only if present; the wasm binaries
 * load from node_modules, never from a CDN.
 *
 * @example
 * const { name } = await selectBackend(); // "wasm" on a machine without tfjs-node
 */
export async function selectBackend(parameters: SelectBackendParameters = {}): Promise<SelectBackendReturnType> {
  const log = parameters.log ?? ((line: string) => console.error(line));
  const start = parameters.prefer === undefined ? 0 : backendPreference.indexOf(parameters.prefer);
  if (start < 0) throw new BackendUnavailableError(`unknown backend "${String(parameters.prefer)}"`, { details: `Known: ${backendPreference.join(", ")}` });
  const skipped: SelectBackendReturnType["skipped"] = [];
  for (const name of backendPreference.slice(start)) {
    try {
      const tfjsName = await startBackend(name);
      const wasm = name === "wasm" ? await wasmDetails() : undefined;
      const detail = wasm ? ` (${wasm.simd ? "SIMD" : "no SIMD"}, ${wasm.threads} thread${wasm.threads === 1 ? "" : "s"})` : "";
      log(`tfjs backend: ${name}${detail}${skipped.length ? `; skipped ${skipped.map((s) => `${s.name} (${s.reason})`).join(", ")}` : ""}`);
      return { name, tfjsName, skipped, ...(wasm ? { wasm } : {}) };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      skipped.push({ name, reason: code === "ERR_MODULE_NOT_FOUND" ? "not installed" : (error as Error).message.split("\n")[0]! });
    }
  }
  throw new BackendUnavailableError("every backend failed", { details: skipped.map((s) => `${s.name}: ${s.reason}`).join("; ") });
}

async function startBackend(name: BackendName): Promise<string> {
  switch (name) {
    case "tensorflow-gpu":
    case "tensorflow": {
      const pkg = name === "tensorflow-gpu" ? "@tensorflow/tfjs-node-gpu" : "@tensorflow/tfjs-node";
      try {
        // A variable specifier: the packages are optional, absent from package.json, and must not be resolved at build.
        await import(/* @vite-ignore */ pkg as string);
      } catch (error) {
        // tfjs-node-gpu on a machine without CUDA registered the same native backend, running on the CPU: use it.
        if (name !== "tensorflow" || !tf.findBackendFactory("tensorflow")) throw error;
      }
      await activate("tensorflow");
      if (name === "tensorflow-gpu" && !hasGpu()) throw new Error("tfjs-node-gpu loaded but sees no GPU");
      return "tensorflow";
    }
    case "wasm": {
      // The emscripten module installs process-wide handlers that rethrow every uncaught exception with its own
      // minified source as the "location"; the host's error handling stays in charge instead.
      const before = { uncaught: process.listeners("uncaughtException"), unhandled: process.listeners("unhandledRejection") };
      try {
        const wasm = await import("@tensorflow/tfjs-backend-wasm");
        const require = createRequire(import.meta.url);
        const dist = path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm"));
        wasm.setWasmPaths(dist + path.sep);
        await activate("wasm");
      } finally {
        for (const l of process.listeners("uncaughtException")) if (!before.uncaught.includes(l)) process.removeListener("uncaughtException", l);
        for (const l of process.listeners("unhandledRejection")) if (!before.unhandled.includes(l)) process.removeListener("unhandledRejection", l);
      }
      return "wasm";
    }
    case "cpu":
      await activate("cpu");
      return "cpu";
  }
}

async function wasmDetails(): Promise<{ simd: boolean; threads: number }> {
  const { getThreadsCount } = await import("@tensorflow/tfjs-backend-wasm");
  return { simd: Boolean(await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT")), threads: getThreadsCount() };
}

async function activate(tfjsName: string): Promise<void> {
  if (!(await tf.setBackend(tfjsName))) throw new Error(`tf.setBackend("${tfjsName}") failed`);
  await tf.ready();
}

function hasGpu(): boolean {
  // tfjs-node-gpu runs on the CPU, silently, when CUDA is missing; its backend knows which device it uses.
  const backend = tf.backend() as unknown as { isUsingGpuDevice?: boolean };
  return backend.isUsingGpuDevice !== false;
}
