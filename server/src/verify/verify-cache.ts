import { existsSync, statSync } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { SoundmarkIndex } from "../../../generator/audio/src/index/index.js";
import { VerifyInputError } from "./errors.js";

/**
 * The local state of `soundmark verify` for one registry: a fingerprint index of the registered tracks whose audio
 * it fetched and verified, and the manifests it read (re-hashed against the chain's digest on every use). Nothing in
 * it is trusted more than the chain: tracks no longer registered are dropped from the index at each run.
 */
export interface VerifyCache {
  dir: string;
  index: SoundmarkIndex;
  /** Manifest bytes stored under their CID, or undefined. */
  manifest(cid: string): Promise<Uint8Array | undefined>;
  saveManifest(cid: string, bytes: Uint8Array): Promise<void>;
  close(): void;
}

/** `~/.cache/soundmark-verify/<chainId>-<registry>` (XDG_CACHE_HOME respected). */
export function defaultCacheDir(chainId: number, registry: string): string {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), ".cache");
  return join(base, "soundmark-verify", `${chainId}-${registry.toLowerCase()}`);
}

export async function openVerifyCache(dir: string): Promise<VerifyCache> {
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new VerifyInputError(`the cache ${dir} is not a folder`);
  await mkdir(join(dir, "manifests"), { recursive: true });
  const index = SoundmarkIndex.open(join(dir, "index"));
  const manifestPath = (cid: string) => {
    // CIDs are base32/base58 text; anything else must not become a path.
    if (!/^[A-Za-z0-9]{8,128}$/.test(cid)) throw new VerifyInputError(`not a CID: ${cid.slice(0, 80)}`);
    return join(dir, "manifests", cid);
  };
  return {
    dir,
    index,
    async manifest(cid) {
      const path = manifestPath(cid);
      return existsSync(path) ? new Uint8Array(await readFile(path)) : undefined;
    },
    async saveManifest(cid, bytes) {
      const path = manifestPath(cid);
      await writeFile(`${path}.tmp`, bytes);
      await rename(`${path}.tmp`, path);
    },
    close: () => index.close(),
  };
}
