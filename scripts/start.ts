/**
 * `npm start`: brings up Soundmark on embedded defaults — Hardhat's EDR chain on 127.0.0.1 (unless RPC_URL is set), its
 * state journaled in <data>/chain and replayed at each start (server/src/chain/embedded), with the contracts deployed,
 * then the server (server/src/server.ts): PGlite, Helia and the fingerprint index in the data folder (SOUNDMARK_DATA,
 * default ./.soundmark), the chain indexer, the durable ingest pipeline, REST and GraphQL on PORT (default 4000).
 * Stops cleanly on Ctrl-C (SIGINT) or SIGTERM: requests, pipeline, indexer, then storage.
 */
import { startEmbeddedChain } from "../server/src/chain/embedded/index.js";
import { ensureWebBuild } from "./build-web.js";
import { loadConfig, withConfigFile } from "../server/src/config/index.js";
import { startStack, type RunningStack } from "../server/src/stack/index.js";

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
  // A chain with nothing journaled holds only its genesis: what the data folder knows of an earlier chain is stale.
  let freshChain = false;
  if (!rpcUrl) {
    console.log(`starting the embedded chain (Hardhat EDR, journaled in ${config.dataDir}/chain) ...`);
    // In-process EDR behind a JSON-RPC server: one process to stop, and other processes reach it over HTTP.
    const chain = await startEmbeddedChain({ dataDir: config.dataDir, host: config.host, port: config.chainPort, log: (line) => console.log(line) });
    closers.push(() => chain.close());
    rpcUrl = chain.rpcUrl;
    freshChain = chain.replayed === 0;
  }
  // The page at / (server/web): built by Vite when the dist is missing or older than its sources.
  await ensureWebBuild({ log: (line) => console.log(line) }).catch((e: unknown) =>
    console.error(`the web page was not built (${e instanceof Error ? e.message : String(e)}): / answers 503 until npm run build:web succeeds`),
  );
  // The server and, in the same process, the generator worker (its job API on GENERATOR_PORT, marking with the server's key).
  const stack: RunningStack = await startStack({
    config,
    rpcUrl,
    freshChain,
    log: (line) => console.log(line),
  });
  const { server } = stack;
  closers.push(() => stack.close());
  console.log(`
Soundmark is up.
  web page            ${server.url}/
  GraphQL (GraphiQL)  ${server.url}/graphql
  REST                ${server.url}/v1/tracks, ${server.url}/v1/check
  health, metrics     ${server.url}/healthz, ${server.url}/metrics
  generator (jobs)    ${stack.generator?.url}/v1/jobs (models in ${stack.info.generatorModelsDir})
  chain RPC           ${rpcUrl} (chain id ${server.chainId}${embedded ? `, embedded: journaled in ${config.dataDir}/chain` : ""})
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
