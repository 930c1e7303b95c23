import { createReadStream } from "node:fs";
import { importByteStream } from "ipfs-unixfs-importer";
import type { CID } from "multiformats/cid";
import { heliaImportOptions } from "./import-settings.js";

/**
 * The CID `addFile` will give this file, computed without storing anything (Kubo's `--only-hash`): the manifest names
 * the audio's CID before the audio is added.
 */
export async function cidOfFile(path: string): Promise<string> {
  const discard = { put: async (cid: CID) => cid };
  const { cid } = await importByteStream(createReadStream(path), discard, heliaImportOptions());
  return cid.toString();
}
