import { join } from "node:path";
import type { Hex } from "viem";
import type { WatermarkKey } from "../../../generator/audio/src/watermark/index.js";
import { startGeneratorService, type GeneratorService } from "../../../generator/src/service/start-generator-service.js";
import type { Config } from "../config/index.js";
import type { RateLimitConfig } from "../http/rate-limit/rate-limit-policy.js";
import { startServer, type RunningServer } from "../server.js";
import { removeStackFile, writeStackFile, type StackFile } from "./stack-file.js";

export interface StartStackParameters {
  config: Config;
  /** The chain's JSON-RPC URL (config.rpcUrl, or the embedded chain's). */
  rpcUrl: string;
  /** See StartServerParameters.freshChain. */
  freshChain?: boolean;
  privateKey?: Hex;
  /** Listen address of the server and the generator (default config.host). */
  host?: string;
  rateLimits?: RateLimitConfig;
  /** The generator worker's settings; `false` runs the server alone. */
  generator?: false | { port?: number; workers?: number; capacity?: number };
  log?: (line: string) => void;
}

export interface RunningStack {
  server: RunningServer;
  /** The generator worker's job API; null when started with `generator: false`. */
  generator: GeneratorService | null;
  /** What `<data>/stack.json` says about this stack (clients on this machine, like `npm run demo`, read it). */
  info: StackFile;
  /** Stops the generator (its running jobs go back to its queue), then the server; removes stack.json. */
  close(): Promise<void>;
}

/**
 * `npm start` behind the chain: the server and, in the same process, the generator worker (its job API on
 * GENERATOR_PORT, data in `<data>/generator`). The worker watermarks with the server's own watermark key, so what it
 * makes is what the server's checks detect.
 */
export async function startStack({ config, rpcUrl, freshChain, privateKey, host = config.host, rateLimits, generator: generatorSettings = {}, log = () => {} }: StartStackParameters): Promise<RunningStack> {
  const server = await startServer({
    config,
    rpcUrl,
    ...(freshChain !== undefined ? { freshChain } : {}),
    ...(privateKey ? { privateKey } : {}),
    ...(rateLimits ? { rateLimits } : {}),
    host,
    log,
  });
  let generator: GeneratorService | null = null;
  try {
    if (generatorSettings) {
      const watermarkKey: WatermarkKey = server.watermarkKeys[0]!;
      generator = await startGeneratorService({
        dataDir: join(config.dataDir, "generator"),
        watermarkKey,
        port: generatorSettings.port ?? config.generatorPort,
        host,
        ...(generatorSettings.workers !== undefined ? { workers: generatorSettings.workers } : {}),
        ...(generatorSettings.capacity !== undefined ? { capacity: generatorSettings.capacity } : {}),
        log,
      });
    }
    const info: StackFile = {
      pid: process.pid,
      serverUrl: server.url,
      generatorUrl: generator?.url ?? null,
      generatorModelsDir: generator ? join(config.dataDir, "generator", "models") : null,
      rpcUrl,
      chainId: server.chainId,
      contracts: server.contracts,
      signer: server.signer,
      watermarkKeyId: generator?.keyId ?? server.watermarkKeyIds[0] ?? null,
    };
    await writeStackFile(config.dataDir, info);
    let closing: Promise<void> | undefined;
    return {
      server,
      generator,
      info,
      close: () =>
        (closing ??= (async () => {
          await removeStackFile(config.dataDir, process.pid).catch((error: unknown) => log(`while stopping: ${String(error)}`));
          await generator?.close().catch((error: unknown) => log(`while stopping the generator: ${String(error)}`));
          await server.close();
        })()),
    };
  } catch (error) {
    await generator?.close().catch(() => {});
    await server.close();
    throw error;
  }
}
