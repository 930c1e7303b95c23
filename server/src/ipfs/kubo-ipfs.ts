import { createReadStream } from "node:fs";
import { create, type KuboRPCClient } from "kubo-rpc-client";
import type { CID } from "multiformats/cid";
import { IpfsNotFoundError, IpfsTooLargeError, IpfsUnavailableError } from "./errors.js";
import { kuboAddArguments, kuboRawBlockArguments, MAX_RAW_BLOCK_BYTES } from "./import-settings.js";
import type { IpfsStore } from "./ipfs-store.js";
import { parseCid } from "./parse-cid.js";
import { readVerified } from "./read-verified.js";

/**
 * A Kubo node through its RPC API (`KUBO_API_URL`, e.g. http://127.0.0.1:5001). Adds with the same DAG settings as
 * the embedded node, and reads block by block through `block/get` so that every block is verified here, not trusted.
 */
export class KuboIpfs implements IpfsStore {
  readonly kind = "kubo" as const;
  readonly #client: KuboRPCClient;

  private constructor(client: KuboRPCClient) {
    this.#client = client;
  }

  static async open({ apiUrl }: { apiUrl: string }): Promise<KuboIpfs> {
    let url: URL;
    try {
      url = new URL(apiUrl);
    } catch (cause) {
      throw new IpfsUnavailableError("KUBO_API_URL is not a URL", { details: "expected http://host:5001", cause });
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw new IpfsUnavailableError(`KUBO_API_URL has protocol "${url.protocol}"`, { details: "expected http:// or https://" });
    }
    const client = create({ url });
    try {
      await client.id({ signal: AbortSignal.timeout(10_000) });
    } catch (cause) {
      throw new IpfsUnavailableError(`cannot reach Kubo at ${url.origin}`, {
        details: cause instanceof Error ? cause.message : String(cause),
        cause,
      });
    }
    return new KuboIpfs(client);
  }

  async addBytes(bytes: Uint8Array): Promise<string> {
    return (await this.#client.add(bytes, kuboAddArguments())).cid.toString();
  }

  async addFile(path: string): Promise<string> {
    return (await this.#client.add(createReadStream(path), kuboAddArguments())).cid.toString();
  }

  async addRawBlock(bytes: Uint8Array): Promise<string> {
    if (bytes.length > MAX_RAW_BLOCK_BYTES) {
      throw new IpfsTooLargeError(`a raw block of ${bytes.length} bytes is over the ${MAX_RAW_BLOCK_BYTES}-byte limit`);
    }
    return (await this.#client.block.put(bytes, kuboRawBlockArguments())).toString();
  }

  async cat(cid: string, options: { maxBytes?: number } = {}): Promise<Uint8Array> {
    return readVerified(parseCid(cid), (block, opts) => this.getBlock(block, opts), options);
  }

  async isPinned(cid: string): Promise<boolean> {
    const parsed = parseCid(cid);
    try {
      for await (const pin of this.#client.pin.ls({ paths: [parsed] })) if (pin.cid.equals(parsed)) return true;
      return false;
    } catch (cause) {
      if (cause instanceof Error && /not pinned/.test(cause.message)) return false;
      throw cause;
    }
  }

  async close(): Promise<void> {
    // the client holds no connection open between requests
  }

  async getBlock(cid: CID, options: { signal?: AbortSignal } = {}): Promise<Uint8Array> {
    try {
      return await this.#client.block.get(cid, options);
    } catch (cause) {
      throw new IpfsNotFoundError(`Kubo cannot return block ${cid.toString()}`, {
        details: cause instanceof Error ? cause.message : String(cause),
        cause,
      });
    }
  }
}
