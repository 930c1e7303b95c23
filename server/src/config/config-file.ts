import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { ConfigFileError } from "./errors.js";
import type { Env } from "./parse-env.js";

/** Every variable a config file may set: the same names as the environment, so one table documents both. */
export const CONFIG_VARIABLES = [
  "PORT",
  "HOST",
  "SOUNDMARK_DATA",
  "RPC_URL",
  "CHAIN_PORT",
  "PRIVATE_KEY",
  "SOUNDMARK_KEYSTORE",
  "SOUNDMARK_KEYSTORE_PASSWORD_FILE",
  "KUBO_API_URL",
  "DATABASE_URL",
  "MAX_UPLOAD_BYTES",
  "MAX_DURATION_SECONDS",
  "SOUNDMARK_WATERMARK_KEYS",
  "CONFIRMATIONS",
  "BATCH_THRESHOLD",
  "INGEST_CONCURRENCY",
  "INGEST_MAX_ATTEMPTS",
  "GENERATOR_PORT",
  "RATE_LIMIT_PER_MINUTE",
  "RATE_LIMIT_ANONYMOUS_PER_MINUTE",
] as const;

/** Variables naming files or folders: in a config file they are relative to the file's folder, not to the caller's. */
const PATH_VARIABLES = new Set(["SOUNDMARK_DATA", "SOUNDMARK_KEYSTORE", "SOUNDMARK_KEYSTORE_PASSWORD_FILE", "SOUNDMARK_WATERMARK_KEYS"]);

/** The config file `npm start` (and the CLI) read when SOUNDMARK_CONFIG names none and it exists in the working folder. */
export const DEFAULT_CONFIG_FILE = "soundmark.config.json";

const MAX_CONFIG_FILE_BYTES = 64 * 1024;

/**
 * The environment with the config file's values underneath: a variable set in the environment wins over the file.
 * The file is the one SOUNDMARK_CONFIG names (it must exist), else `./soundmark.config.json` when present, else none.
 *
 * @throws ConfigFileError for a missing named file, a file that is not a JSON object of known variables with scalar values.
 * @example
 * const config = loadConfig(withConfigFile(process.env));
 */
export function withConfigFile(env: Env, cwd: string = process.cwd()): Env {
  const named = env.SOUNDMARK_CONFIG?.trim();
  const file = named ? resolve(cwd, named) : resolve(cwd, DEFAULT_CONFIG_FILE);
  if (!named && !existsSync(file)) return env;
  const fromFile = readConfigFile(file);
  const fromEnv = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ""));
  return { ...fromFile, ...fromEnv, SOUNDMARK_CONFIG: file };
}

/** The file's variables as environment strings, paths resolved against the file's folder. */
export function readConfigFile(file: string): Record<string, string> {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new ConfigFileError(file, "it does not exist or cannot be read");
  }
  if (size > MAX_CONFIG_FILE_BYTES) throw new ConfigFileError(file, `it is larger than ${MAX_CONFIG_FILE_BYTES} bytes`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new ConfigFileError(file, `it is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new ConfigFileError(file, 'it must be one JSON object of variables, e.g. {"PORT": 4000}');
  }
  const known = new Set<string>(CONFIG_VARIABLES);
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(parsed)) {
    if (!known.has(name)) throw new ConfigFileError(file, `${JSON.stringify(name)} is not a configuration variable (known: ${CONFIG_VARIABLES.join(", ")})`);
    if (value === null) continue;
    if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") {
      throw new ConfigFileError(file, `${name} must be a string or a number, not ${Array.isArray(value) ? "an array" : typeof value}`);
    }
    const text = String(value);
    out[name] = PATH_VARIABLES.has(name) && text.trim() !== "" ? resolvePaths(name, text, dirname(file)) : text;
  }
  return out;
}

function resolvePaths(name: string, text: string, base: string): string {
  // SOUNDMARK_WATERMARK_KEYS is a ":"-separated list; the others are one path.
  return name === "SOUNDMARK_WATERMARK_KEYS" ? text.split(":").map((p) => (p.trim() ? resolve(base, p.trim()) : p)).join(":") : resolve(base, text);
}
