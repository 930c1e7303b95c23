/** The few reads the journal needs from the chain, over the provider's own request function. */

export interface RequestProvider {
  request(args: { method: string; params?: unknown[] }): Promise<unknown>;
}

export interface BlockHead {
  number: number;
  hash: `0x${string}`;
  timestamp: number;
}

export async function getBlockHead(provider: RequestProvider, block: number | "latest"): Promise<BlockHead> {
  const tag = block === "latest" ? block : `0x${block.toString(16)}`;
  const raw = (await provider.request({ method: "eth_getBlockByNumber", params: [tag, false] })) as {
    number: string;
    hash: `0x${string}`;
    timestamp: string;
  } | null;
  if (!raw) throw new Error(`the chain has no block ${String(block)}`);
  return { number: Number(raw.number), hash: raw.hash, timestamp: Number(raw.timestamp) };
}

export async function getBlockNumber(provider: RequestProvider): Promise<number> {
  return Number(await provider.request({ method: "eth_blockNumber", params: [] }));
}

/**
 * The chain clock minus the wall clock, in seconds. EDR answers `evm_increaseTime` with the total offset, so an
 * increase of 0 reads it without changing it.
 */
export async function getClockOffset(provider: RequestProvider): Promise<number> {
  return Number(await provider.request({ method: "evm_increaseTime", params: [0] }));
}
