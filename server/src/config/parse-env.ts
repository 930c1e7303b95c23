import { ConfigError } from "./errors.js";

export type Env = Readonly<Record<string, string | undefined>>;

/** The variable's value, or undefined when unset or blank. */
export function optionalString(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/** A whole number in [min, max]; `_` and `k`/`M`/`G` (binary) suffixes are not guessed at: digits only. */
export function integer(env: Env, name: string, fallback: number, min: number, max: number = Number.MAX_SAFE_INTEGER): number {
  const raw = optionalString(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, raw, `a whole number between ${min} and ${max}`);
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new ConfigError(name, raw, `a whole number between ${min} and ${max}`);
  }
  return value;
}

/** A URL with one of the given protocols (e.g. ["http:", "https:"]). */
export function url(env: Env, name: string, protocols: readonly string[]): string | undefined {
  const raw = optionalString(env, name);
  if (raw === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, redact(raw), `a URL (${protocols.map((p) => `${p}//`).join(" or ")})`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, redact(raw), `a URL with protocol ${protocols.join(" or ")}, not ${parsed.protocol}`);
  }
  return raw;
}

/** Never echo a password from a URL into an error. */
function redact(raw: string): string {
  return raw.replace(/\/\/([^:/@]+):([^@/]+)@/, "//$1:***@");
}
