import { delimiter, resolve } from "node:path";
import type { Hex } from "viem";
import { ConfigError } from "./errors.js";
import { integer, optionalString, url, type Env } from "./parse-env.js";

/** The server's configuration, read once from the environment at start. */
export interface Config {
  /** PORT: the HTTP port (4000). */
  port: number;
  /** HOST: the listen address of the server, the generator and the embedded chain (127.0.0.1). */
  host: string;
  /** GENERATOR_PORT: the generator worker's job API started by `npm start` (PORT + 1). */
  generatorPort: number;
  /** CHAIN_PORT: the embedded chain's JSON-RPC port when RPC_URL is unset (8545). */
  chainPort: number;
  /** PRIVATE_KEY: a local signing key (0x + 64 hex); else the keystore; else the node's first unlocked account. */
  privateKey: Hex | undefined;
  /** SOUNDMARK_DATA: the data folder of the embedded chain state, IPFS, PGlite, index and uploads (./.soundmark), absolute. */
  dataDir: string;
  /** Where each embedded component keeps its files, all inside dataDir. */
  paths: { database: string; index: string; uploads: string; deployments: string };
  /** RPC_URL: an EVM JSON-RPC endpoint; unset -> the embedded Hardhat EDR chain. */
  rpcUrl: string | undefined;
  /** SOUNDMARK_KEYSTORE / SOUNDMARK_KEYSTORE_PASSWORD_FILE: the encrypted JSON keystore of the signer (with RPC_URL). */
  keystorePath: string | undefined;
  keystorePasswordFile: string | undefined;
  /** KUBO_API_URL: a Kubo RPC API; unset -> the embedded Helia node in <dataDir>/ipfs. */
  kuboApiUrl: string | undefined;
  /** DATABASE_URL: a Postgres server; unset -> PGlite in <dataDir>/db. */
  databaseUrl: string | undefined;
  limits: {
    /** MAX_UPLOAD_BYTES: the largest upload accepted (200 MiB). */
    maxUploadBytes: number;
    /** MAX_DURATION_SECONDS: the longest audio accepted (1200 s). */
    maxDurationSeconds: number;
  };
  /** SOUNDMARK_WATERMARK_KEYS: key files ({ keyId, secret } JSON), separated by the path delimiter (":" on Linux). */
  watermarkKeyFiles: string[];
  chain: {
    /** CONFIRMATIONS: blocks a registration waits for, and the indexer stays behind the head (1). */
    confirmations: number;
    /** BATCH_THRESHOLD: pending registrations from which they go on-chain as one Merkle batch (16). */
    batchThreshold: number;
  };
  ingest: {
    /** INGEST_CONCURRENCY: jobs processed at once (1). */
    concurrency: number;
    /** INGEST_MAX_ATTEMPTS: tries of a transient failure before the job fails (5). */
    maxAttempts: number;
  };
  /** Requests per minute per caller at the HTTP edge; an upload costs 10. */
  rateLimits: {
    /** RATE_LIMIT_PER_MINUTE: per API key or artist session (600). */
    authenticatedPerMinute: number;
    /** RATE_LIMIT_ANONYMOUS_PER_MINUTE: per IP without credentials (120). */
    anonymousPerMinute: number;
  };
}

export const DEFAULT_PORT = 4000;
export const DEFAULT_DATA_DIR = "./.soundmark";
export const DEFAULT_MAX_UPLOAD_BYTES = 200 * 1024 * 1024;
export const DEFAULT_MAX_DURATION_SECONDS = 1200;

/**
 * Reads the configuration from `env` (process.env by default). Relative paths are resolved against `cwd`.
 *
 * @throws ConfigError naming the variable and what it expects, for any value out of its domain.
 * @example
 * const config = loadConfig(process.env);
 * const store = await openStore(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.paths.database });
 */
export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): Config {
  const port = integer(env, "PORT", DEFAULT_PORT, 1, 65_535);
  const dataDir = resolve(cwd, optionalString(env, "SOUNDMARK_DATA") ?? DEFAULT_DATA_DIR);
  const keys = optionalString(env, "SOUNDMARK_WATERMARK_KEYS");
  const keystorePath = optionalString(env, "SOUNDMARK_KEYSTORE");
  const keystorePasswordFile = optionalString(env, "SOUNDMARK_KEYSTORE_PASSWORD_FILE");
  return {
    port,
    host: optionalString(env, "HOST") ?? "127.0.0.1",
    generatorPort: integer(env, "GENERATOR_PORT", port === 65_535 ? 65_534 : port + 1, 1, 65_535),
    chainPort: integer(env, "CHAIN_PORT", 8545, 1, 65_535),
    privateKey: privateKey(env),
    dataDir,
    paths: {
      database: resolve(dataDir, "db"),
      index: resolve(dataDir, "index"),
      uploads: resolve(dataDir, "uploads"),
      deployments: resolve(dataDir, "deployments"),
    },
    rpcUrl: url(env, "RPC_URL", ["http:", "https:", "ws:", "wss:"]),
    keystorePath: keystorePath ? resolve(cwd, keystorePath) : undefined,
    keystorePasswordFile: keystorePasswordFile ? resolve(cwd, keystorePasswordFile) : undefined,
    kuboApiUrl: url(env, "KUBO_API_URL", ["http:", "https:"]),
    databaseUrl: url(env, "DATABASE_URL", ["postgres:", "postgresql:"]),
    limits: {
      maxUploadBytes: integer(env, "MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES, 1),
      maxDurationSeconds: integer(env, "MAX_DURATION_SECONDS", DEFAULT_MAX_DURATION_SECONDS, 1, 24 * 3600),
    },
    watermarkKeyFiles: keys ? keys.split(delimiter).map((p) => p.trim()).filter(Boolean).map((p) => resolve(cwd, p)) : [],
    chain: {
      confirmations: integer(env, "CONFIRMATIONS", 1, 0, 1000),
      batchThreshold: integer(env, "BATCH_THRESHOLD", 16, 1, 10_000),
    },
    ingest: {
      concurrency: integer(env, "INGEST_CONCURRENCY", 1, 1, 64),
      maxAttempts: integer(env, "INGEST_MAX_ATTEMPTS", 5, 1, 100),
    },
    rateLimits: {
      authenticatedPerMinute: integer(env, "RATE_LIMIT_PER_MINUTE", 600, 1, 10_000_000),
      anonymousPerMinute: integer(env, "RATE_LIMIT_ANONYMOUS_PER_MINUTE", 120, 1, 10_000_000),
    },
  };
}

function privateKey(env: Env): Hex | undefined {
  const raw = optionalString(env, "PRIVATE_KEY");
  if (raw === undefined) return undefined;
  if (!/^0x[0-9a-fA-F]{64}$/.test(raw)) throw new ConfigError("PRIVATE_KEY", "(hidden)", "0x followed by 64 hex digits");
  return raw as Hex;
}
