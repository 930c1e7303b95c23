import { createReadStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { unixfs, type UnixFS } from "@helia/unixfs";
import { FsBlockstore } from "blockstore-fs";
import { FsDatastore } from "datastore-fs";
import { createHeliaLight, type Helia } from "helia";
import { CID } from "multiformats/cid";
import { sha256 } from "multiformats/hashes/sha2";
import { IpfsNotFoundError, IpfsTooLargeError, IpfsUnavailableError } from "./errors.js";
import { heliaImportOptions, MAX_RAW_BLOCK_BYTES } from "./import-settings.js";
import type { IpfsStore } from "./ipfs-store.js";
import { parseCid } from "./parse-cid.js";
import { readVerified } from "./read-verified.js";

const RAW_CODEC = 0x55;

export interface OpenHeliaParameters {
  /** The node's folder (blocks/ and datastore/ inside); omitted -> in memory. */
  path?: string;
}

/**
 * The embedded node. `createHeliaLight` builds Helia without libp2p, bitswap or HTTP routers: it never dials the
 * public bootstrap peers and listens on no port. Content stays local until a deployment pins it elsewhere (Kubo).
 */
export class HeliaIpfs implements IpfsStore {
  readonly kind = "helia" as const;
  readonly #helia: Helia;
  readonly #fs: UnixFS;

  private constructor(helia: Helia) {
    this.#helia = helia;
    this.#fs = unixfs(helia);
  }

  static async open({ path }: OpenHeliaParameters = {}): Promise<HeliaIpfs> {
    try {
      let helia: Helia;
      if (path) {
        await mkdir(path, { recursive: true });
        helia = createHeliaLight({
          blockstore: new FsBlockstore(join(path, "blocks")),
          datastore: new FsDatastore(join(path, "datastore")),
        });
      } else {
        helia = createHeliaLight();
      }
      await helia.start();
      return new HeliaIpfs(helia);
    } catch (cause) {
      throw new IpfsUnavailableError(`cannot open the embedded IPFS node${path ? ` in ${path}` : ""}`, {
        details: cause instanceof Error ? cause.message : String(cause),
        cause,
      });
    }
  }

  async addBytes(bytes: Uint8Array): Promise<string> {
    const cid = await this.#fs.addBytes(bytes, heliaImportOptions());
    await this.#pin(cid);
    return cid.toString();
  }

  async addFile(path: string): Promise<string> {
    const cid = await this.#fs.addByteStream(createReadStream(path), heliaImportOptions());
    await this.#pin(cid);
    return cid.toString();
  }

  async addRawBlock(bytes: Uint8Array): Promise<string> {
    if (bytes.length > MAX_RAW_BLOCK_BYTES) {
      throw new IpfsTooLargeError(`a raw block of ${bytes.length} bytes is over the ${MAX_RAW_BLOCK_BYTES}-byte limit`);
    }
    const cid = CID.createV1(RAW_CODEC, await sha256.digest(bytes));
    await this.#helia.blockstore.put(cid, bytes);
    await this.#pin(cid);
    return cid.toString();
  }

  async cat(cid: string, options: { maxBytes?: number } = {}): Promise<Uint8Array> {
    return readVerified(parseCid(cid), (block, opts) => this.getBlock(block, opts), options);
  }

  async isPinned(cid: string): Promise<boolean> {
    return this.#helia.pins.isPinned(parseCid(cid));
  }

  async close(): Promise<void> {
    await this.#helia.stop();
  }

  async #pin(cid: CID): Promise<void> {
    if (await this.#helia.pins.isPinned(cid)) return;
    for await (const _ of this.#helia.pins.add(cid)) {
      // the generator yields each block as it is pinned; draining it does the pinning
    }
  }

  async getBlock(cid: CID, options: { signal?: AbortSignal } = {}): Promise<Uint8Array> {
    if (!(await this.#helia.blockstore.has(cid))) throw new IpfsNotFoundError(`${cid.toString()} is not in the IPFS store`);
    const chunks: Uint8Array[] = [];
    for await (const chunk of this.#helia.blockstore.get(cid, { offline: true, ...options })) chunks.push(chunk);
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
  }
}
