import { existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { generateWatermarkKey, parseWatermarkKey, type WatermarkKey } from "../../audio/src/watermark/index.js";
import { CONFIG_JSON } from "../model/model-files.js";
import { ensureBackend } from "../pipeline/ensure-backend.js";
import type { NoteRenderer } from "../render/note-renderer.js";
import { buildGeneratorApp } from "./build-generator-app.js";
import { createGenerateJobRunner } from "./generate-job-runner.js";
import { JobManager } from "./job-manager.js";
import { JobStore } from "./job-store.js";

export interface StartGeneratorServiceOptions {
  /** Jobs (`jobs/`), outputs (`outputs/`) and, by default, models (`models/`) and the key live here. */
  dataDir: string;
  /** Folder of model folders; a job names one (default `<data>/models`). */
  modelsDir?: string;
  /** The service's watermark key; default `<data>/watermark-key.json`, created (mode 0600) on first start. */
  watermarkKey?: WatermarkKey;
  port?: number;
  host?: string;
  workers?: number;
  capacity?: number;
  renderer?: NoteRenderer;
  log?: (line: string) => void;
}

export interface GeneratorService {
  url: string;
  port: number;
  manager: JobManager;
  keyId: string;
  /** Stops listening and interrupts running jobs (they resume on the next start). */
  close(): Promise<void>;
}

/** Loads or creates the data folder's key file. */
async function serviceKey(dataDir: string, log: (line: string) => void): Promise<WatermarkKey> {
  const file = path.join(dataDir, "watermark-key.json");
  if (existsSync(file)) return parseWatermarkKey(readFileSync(file, "utf8"));
  const key = generateWatermarkKey();
  await writeFile(file, JSON.stringify(key, null, 2) + "\n", { mode: 0o600, flag: "wx" });
  log(`created watermark key ${key.keyId} in ${file}`);
  return key;
}

/**
 * `soundmark generator serve`: the job API on a port, with its workers, recovering the jobs a previous run left.
 *
 * @example
 * const service = await startGeneratorService({ dataDir: "data/generator", port: 4100 });
 */
export async function startGeneratorService(options: StartGeneratorServiceOptions): Promise<GeneratorService> {
  const log = options.log ?? ((line: string) => console.error(line));
  const dataDir = path.resolve(options.dataDir);
  const modelsDir = path.resolve(options.modelsDir ?? path.join(dataDir, "models"));
  mkdirSync(modelsDir, { recursive: true });
  const watermarkKey = options.watermarkKey ?? (await serviceKey(dataDir, log));
  await ensureBackend(log);
  const manager = new JobManager({
    store: new JobStore(path.join(dataDir, "jobs")),
    createRunner: () => createGenerateJobRunner({ dataDir, modelsDir, watermarkKey, renderer: options.renderer }),
    workers: options.workers,
    capacity: options.capacity,
    log,
  });
  const modelExists = (name: string) => {
    try {
      return statSync(path.join(modelsDir, name, CONFIG_JSON)).isFile();
    } catch {
      return false;
    }
  };
  const app = buildGeneratorApp({ manager, dataDir, modelExists, log });
  const server: Server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 4100, options.host ?? "127.0.0.1", resolve);
  });
  manager.start();
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? "127.0.0.1";
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    port,
    manager,
    keyId: watermarkKey.keyId,
    async close() {
      await manager.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
