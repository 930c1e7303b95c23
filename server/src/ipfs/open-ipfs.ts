import { join } from "node:path";
import { HeliaIpfs } from "./helia-ipfs.js";
import type { IpfsStore } from "./ipfs-store.js";
import { KuboIpfs } from "./kubo-ipfs.js";

export interface OpenIpfsParameters {
  /** A Kubo RPC API (`KUBO_API_URL`); when set, the embedded node is not started. */
  kuboApiUrl?: string;
  /** The Soundmark data folder: the embedded node keeps its blocks in `<dataDir>/ipfs`. Omitted -> in memory. */
  dataDir?: string;
}

/**
 * Opens the configured IPFS node: Kubo when `kuboApiUrl` is set, otherwise the embedded Helia node.
 *
 * @example
 * const ipfs = await openIpfs({ dataDir: ".soundmark" });
 * const cid = await ipfs.addFile("track.wav");
 * const bytes = await ipfs.cat(cid); // verified against the CID
 */
export async function openIpfs({ kuboApiUrl, dataDir }: OpenIpfsParameters = {}): Promise<IpfsStore> {
  if (kuboApiUrl) return KuboIpfs.open({ apiUrl: kuboApiUrl });
  return HeliaIpfs.open(dataDir ? { path: join(dataDir, "ipfs") } : {});
}
