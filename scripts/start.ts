/**
 * `npm start`: brings up Soundmark on embedded defaults — Hardhat's EDR chain on 127.0.0.1 (unless RPC_URL is set) with
 * the contracts deployed, then the server (server/src/server.ts): PGlite, Helia and the fingerprint index in the data
 * folder (SOUNDMARK_DATA, default ./.soundmark), the chain indexer, the durable ingest pipeline, REST and GraphQL on
 * PORT (default 4000). Stops cleanly on Ctrl-C (SIGINT) or SIGTERM: requests, pipeline, indexer, then storage.
 */
import { network } from "hardhat";
import { loadConfig, withConfigFile } from "../server/src/config/index.js";
import { startServer, type RunningServer } from "../server/src/server.js";

async function main(): Promise<void> {
  const config = loadConfig(withConfigFile(process.env));
  const closers: (() => Promise<void>)[] = [];
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping`);
    void (async () => {
      for (const close of closers.reverse()) await close().catch((e: unknown) => console.error(String(e)));
    })().finally(() => process.exit(0));
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));

  let rpcUrl = config.rpcUrl;
  const embedded = !rpcUrl;
  if (!rpcUrl) {
    rpcUrl = `http://${config.host}:${config.chainPort}`;
    console.log(`starting the embedded chain (Hardhat EDR) at ${rpcUrl} ...`);
    // In-process EDR behind a JSON-RPC server: one process to stop, and other processes reach it over HTTP.
    const chain = await network.createServer("default", config.host, config.chainPort);
    await chain.listen();
    closers.push(() => chain.close());
  }
  const server: RunningServer = await startServer({
    config,
    rpcUrl,
    freshChain: embedded,
    log: (line) => console.log(line),
  });
  closers.push(() => server.close());
  console.log(`
Soundmark is up.
  GraphQL (GraphiQL)  ${server.url}/graphql
  REST                ${server.url}/v1/tracks, ${server.url}/v1/check
  health, metrics     ${server.url}/healthz, ${server.url}/metrics
  chain RPC           ${rpcUrl} (chain id ${server.chainId}${embedded ? ", embedded: in memory" : ""})
  SoundmarkRegistry   ${server.contracts.SoundmarkRegistry}
  TrackNFT            ${server.contracts.TrackNFT}
  signer              ${server.signer}
  watermark keys      ${server.watermarkKeyIds.join(", ")}
  data folder         ${config.dataDir}
${server.firstApiKey ? `  first API key       ${server.firstApiKey}  (scope admin; shown once: keep it)\n` : ""}More API keys: stop the server, then npx soundmark apikey create --scope ingest,check (or use DATABASE_URL).
Press Ctrl-C to stop.`);
}

main().catch((error: unknown) => {
  console.error(`start failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
