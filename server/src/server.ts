import { existsSync } from "node:fs";
import { chmod, mkdir, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import type { Hex } from "viem";
import { SoundmarkIndex } from "../../generator/audio/src/index/index.js";
import { generateWatermarkKey, type WatermarkKey } from "../../generator/audio/src/watermark/index.js";
import { buildApp } from "./app.js";
import { createApiKey } from "./auth/api-key/index.js";
import { connectChain } from "./chain/connect.js";
import { deployContracts } from "./chain/deploy-contracts.js";
import { loadKeystoreAccount } from "./chain/keystore.js";
import { createTrackRegistrar } from "./chain/track-registrar.js";
import { createTxManager } from "./chain/tx-manager.js";
import type { Config } from "./config/index.js";
import { loadWatermarkKeys } from "./config/load-watermark-keys.js";
import { startIndexer } from "./indexer/index.js";
import { createReadModel } from "./indexer/read-model.js";
import { openIpfs } from "./ipfs/index.js";
import { DEFAULT_RATE_LIMITS, type RateLimitConfig } from "./http/rate-limit/rate-limit-policy.js";
import { createIngestPipeline, type IngestPipeline } from "./pipeline/index.js";
import { createArtistActions } from "./schema/artist/artist-actions.js";
import { createCheckService } from "./schema/check/check-service.js";
import { withProvenanceCache } from "./schema/track/provenance-cache.js";
import { adaptReadModel } from "./schema/track/read-model-adapter.js";
import { openStore, type Sql } from "./store/index.js";

export interface StartServerParameters {
  config: Config;
  /** The chain's JSON-RPC URL (config.rpcUrl, or the embedded chain scripts/start.ts started). */
  rpcUrl: string;
  /**
   * The chain holds only its genesis (the embedded chain started on a new journal, e.g. after its journal was moved
   * away): what the data folder holds about an earlier chain is rebuilt — chain tables cleared, registered tracks
   * registered again.
   */
  freshChain?: boolean;
  /** A local signing key (default config.privateKey: PRIVATE_KEY); else the keystore of the config; else the node's first unlocked account. */
  privateKey?: Hex;
  /** Listen address (default config.host: HOST). */
  host?: string;
  /** Per-caller request budgets of the HTTP edge (default from config.rateLimits; load tests raise them). */
  rateLimits?: RateLimitConfig;
  log?: (line: string) => void;
}

export interface RunningServer {
  url: string;
  chainId: number;
  contracts: { SoundmarkRegistry: Hex; TrackNFT: Hex };
  signer: Hex;
  watermarkKeyIds: string[];
  /** The keys themselves (secret), the first being the one a generator in the same process marks with. */
  watermarkKeys: WatermarkKey[];
  /**
   * On the first start of a database without any API key: an `admin` key created for the operator, shown only here
   * (the CLI can't open an embedded database the server holds; with DATABASE_URL it can create more at any time).
   */
  firstApiKey: string | null;
  /** The durable ingest pipeline (its progress events carry each job's stage: benchmarks time the stages by them). */
  pipeline: IngestPipeline;
  /** Stops accepting requests, drains the pipeline, stops the indexer, closes IPFS, the index and the database. */
  close(): Promise<void>;
}

/**
 * Starts the whole server on `config`: database (PGlite in the data folder, or DATABASE_URL), IPFS (Helia in the data
 * folder, or KUBO_API_URL), the fingerprint index, the chain (contracts deployed when missing), the registrar, the
 * indexer, the durable ingest pipeline and the HTTP edge (REST + GraphQL) on config.port.
 */
export async function startServer({ config, rpcUrl, freshChain = false, privateKey = config.privateKey, host = config.host, rateLimits, log = () => {} }: StartServerParameters): Promise<RunningServer> {
  const closers: (() => Promise<void> | void)[] = [];
  let closing: Promise<void> | undefined;
  // In reverse order of opening: the HTTP edge, the pipeline (its job in progress ends its stage), the indexer, the
  // registrar, then the storage. A second call waits for the first.
  const close = () =>
    (closing ??= (async () => {
      for (const closer of closers.reverse()) {
        try {
          await closer();
        } catch (error) {
          log(`while stopping: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    })());
  try {
    await mkdir(config.dataDir, { recursive: true });
    const store = await openStore(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.paths.database });
    closers.push(() => store.close());
    const firstApiKey = await createFirstApiKey(store);
    const ipfs = await openIpfs(config.kuboApiUrl ? { kuboApiUrl: config.kuboApiUrl } : { dataDir: config.dataDir });
    closers.push(() => ipfs.close());
    const index = SoundmarkIndex.open(config.paths.index);
    closers.push(() => index.close());
    const watermarkKeys = await serviceWatermarkKeys(config, log);

    const account = privateKey
      ? undefined
      : config.keystorePath
        ? await loadKeystoreAccount({ path: config.keystorePath, ...(config.keystorePasswordFile ? { passwordFile: config.keystorePasswordFile } : {}) })
        : undefined;
    const { publicClient, walletClient } = await connectChain({ rpcUrl, ...(privateKey ? { privateKey } : {}), ...(account ? { account } : {}) });
    const { deployment } = await deployContracts({ publicClient, walletClient, deploymentsDir: config.paths.deployments, log });
    if (freshChain) await forgetEarlierChain(store, log);

    // One transaction manager for the signer: registrations and licence grants share its nonce sequence.
    const transactions = createTxManager({ publicClient, walletClient, store, confirmations: config.chain.confirmations });
    closers.push(() => transactions.close());
    const registrar = createTrackRegistrar({
      publicClient,
      walletClient,
      deployment,
      store,
      txManager: transactions,
      confirmations: config.chain.confirmations,
      batchThreshold: config.chain.batchThreshold,
      // One raw block (up to 1 MiB), so its CID is the raw CID of the leaves digest on-chain: anyone can fetch it by that.
      publishBatchFile: async (file) => {
        await ipfs.addRawBlock(file);
      },
    });
    closers.push(() => registrar.close());
    const indexer = startIndexer({ publicClient, deployment, store, confirmations: 0, pollIntervalMs: 1_000 });
    closers.push(() => indexer.stop());

    const pipeline = createIngestPipeline({
      store,
      ipfs,
      registrar,
      index,
      watermarkKeys,
      dataDir: config.dataDir,
      limits: config.limits,
      concurrency: config.ingest.concurrency,
      retry: { maxAttempts: config.ingest.maxAttempts },
    });
    pipeline.start();
    closers.push(() => pipeline.stop());

    // The check's watermark searches run on worker threads, stopped after the HTTP edge (closers run in reverse).
    const check = createCheckService({ store, index, watermarkKeys, uploadsDir: config.paths.uploads, limits: config.limits });
    closers.push(() => check.close());

    await mkdir(join(config.paths.uploads, "incoming"), { recursive: true });
    // Listen before building the app: with port 0 the SIWE domain must name the port the OS picked.
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(config.port, host, () => {
        server.off("error", reject);
        resolve();
      });
    });
    closers.push(() => closeHttp(server));
    const { port } = server.address() as AddressInfo;
    const { app } = buildApp({
      services: {
        store,
        ingest: pipeline,
        check,
        readModel: withProvenanceCache(adaptReadModel(createReadModel(store), store), () => store.writeGeneration),
        blocks: (cid, options) => ipfs.getBlock(cid, options),
        artist: createArtistActions({ publicClient, walletClient, deployment, confirmations: config.chain.confirmations, txManager: transactions }),
        info: {
          chainId: deployment.chainId,
          contracts: {
            SoundmarkRegistry: deployment.contracts.SoundmarkRegistry.address,
            TrackNFT: deployment.contracts.TrackNFT.address,
          },
          siwe: { domain: `${host === "0.0.0.0" ? "localhost" : host}:${port}`, chainId: deployment.chainId },
          maxUploadBytes: config.limits.maxUploadBytes,
        },
      },
      config: {
        uploadDir: join(config.paths.uploads, "incoming"),
        maxUploadBytes: config.limits.maxUploadBytes,
        rateLimits: rateLimits ?? configuredRateLimits(config),
      },
      metricsSources: {
        // Head minus the last indexed block: how far provenance answers trail the chain (null before the first sync).
        indexerLagBlocks: async () => {
          const indexed = indexer.indexedBlock();
          if (indexed === null) return null;
          const head = await publicClient.getBlockNumber({ cacheTime: 0 });
          return Number(head > indexed ? head - indexed : 0n);
        },
        ingestJobsByStatus: async () =>
          Object.fromEntries(
            (await store.query<{ status: string; n: string }>("SELECT status, count(*)::text AS n FROM ingest_jobs GROUP BY status")).map((r) => [r.status, Number(r.n)]),
          ),
      },
      healthChecks: { indexer: async () => void (await indexer.ready) },
    });
    server.on("request", app);
    return {
      url: `http://${host}:${port}`,
      chainId: deployment.chainId,
      contracts: {
        SoundmarkRegistry: deployment.contracts.SoundmarkRegistry.address,
        TrackNFT: deployment.contracts.TrackNFT.address,
      },
      signer: walletClient.account.address,
      watermarkKeyIds: watermarkKeys.map((k) => k.keyId),
      watermarkKeys,
      firstApiKey,
      pipeline,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** RATE_LIMIT_*: per-minute budgets; bursts in the proportions of DEFAULT_RATE_LIMITS (half a minute anonymous, a fifth authenticated). */
function configuredRateLimits(config: Config): RateLimitConfig {
  const { anonymousPerMinute, authenticatedPerMinute } = config.rateLimits;
  return {
    anonymous: { perMinute: anonymousPerMinute, burst: Math.ceil(anonymousPerMinute / 2) },
    authenticated: { perMinute: authenticatedPerMinute, burst: Math.ceil(authenticatedPerMinute / 5) },
    uploadCost: DEFAULT_RATE_LIMITS.uploadCost,
  };
}

/** The configured watermark keys; with none configured, the data folder's own key (created 0600 on first start). */
async function serviceWatermarkKeys(config: Config, log: (line: string) => void): Promise<WatermarkKey[]> {
  if (config.watermarkKeyFiles.length > 0) return loadWatermarkKeys(config.watermarkKeyFiles);
  const file = join(config.dataDir, "keys", "watermark.json");
  if (!existsSync(file)) {
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    await writeFile(file, `${JSON.stringify(generateWatermarkKey(), null, 2)}\n`, { mode: 0o600, flag: "wx" });
    await chmod(file, 0o600);
    log(`created the service watermark key ${file} (keep it secret; SOUNDMARK_WATERMARK_KEYS points elsewhere)`);
  }
  return loadWatermarkKeys([file]);
}

/**
 * The embedded chain lives in memory: after a restart it is a new, empty chain, while the database still describes
 * the old one. Everything derived from the old chain (indexed events, sent transactions, registrar records) is
 * cleared, and every track that had reached registration is queued at the register stage again, so the new chain
 * gets the same registrations (the uploads, manifests and IPFS blocks are kept: nothing is lost).
 */
async function forgetEarlierChain(store: Sql & { transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> }, log: (line: string) => void): Promise<void> {
  const tables = await store.query<{ tablename: string }>(
    `SELECT tablename FROM pg_tables WHERE schemaname = current_schema()
       AND (tablename LIKE 'chain\\_%' OR tablename LIKE 'indexer\\_%' OR tablename LIKE 'registrar\\_%' OR tablename = 'tx_transactions')`,
  );
  const [{ n } = { n: "0" }] = await store.query<{ n: string }>(
    "SELECT count(*)::text AS n FROM ingest_jobs WHERE status = 'registered' OR stage IN ('register', 'index')",
  );
  if (tables.length === 0) return;
  await store.transaction(async (tx) => {
    await tx.query(`TRUNCATE ${tables.map((t) => `"${t.tablename}"`).join(", ")}`);
    await tx.query(
      `UPDATE ingest_tracks SET transaction_hash = NULL, block_number = NULL, registrant = NULL, registered_at = NULL
        WHERE sha256 IN (SELECT sha256 FROM ingest_jobs WHERE status = 'registered' OR stage IN ('register', 'index'))`,
    );
    await tx.query(
      `UPDATE ingest_jobs SET status = 'queued', stage = 'register', attempts = 0, error = NULL, error_code = NULL,
              error_stage = NULL, lease_owner = NULL, lease_expires_at = NULL, next_attempt_at = now(), updated_at = now()
        WHERE status = 'registered' OR stage IN ('register', 'index')`,
    );
  });
  if (Number(n) > 0) log(`a new embedded chain: ${n} earlier track(s) queued to be registered on it again`);
}

async function createFirstApiKey(store: Sql): Promise<string | null> {
  const [{ n } = { n: "0" }] = await store.query<{ n: string }>("SELECT count(*)::text AS n FROM api_keys");
  if (Number(n) > 0) return null;
  const { key } = await createApiKey(store, { scopes: ["admin"], label: "first start" });
  return key;
}

/** Stops accepting connections, lets requests in flight finish, and drops idle keep-alive connections at once. */
function closeHttp(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
