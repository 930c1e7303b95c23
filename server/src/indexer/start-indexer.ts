import { BlockNotFoundError, parseEventLogs, type Block, type Hex, type Log, type PublicClient } from "viem";
import { soundmarkRegistryAbi } from "../chain/abi/SoundmarkRegistry.js";
import { trackNFTAbi } from "../chain/abi/TrackNFT.js";
import type { Deployment } from "../chain/deployment.js";
import type { Store } from "../store/index.js";
import { deleteBlocksAbove, pruneBlocks, readCursor, readStoredBlocks, storeBlocks, writeCursor, type IndexerCursor, type StoredBlock } from "./cursor.js";
import { IndexerStoppedError, ReorgTooDeepError } from "./errors.js";
import { rollbackFrom, storeEvent, type IndexedEvent } from "./store-event.js";

export interface SyncResult {
  fromBlock: bigint;
  toBlock: bigint;
  events: number;
}

/** What the indexer reports while it works. */
export type IndexerEvent =
  | ({ type: "synced" } & SyncResult)
  | { type: "reorg"; commonAncestor: bigint; replacedFrom: bigint }
  | { type: "error"; error: unknown };

export interface Indexer {
  /** Resolves once the indexer has caught up with the chain (as far as `confirmations` allow) for the first time. */
  readonly ready: Promise<void>;
  /** Processes the next range of blocks (after checking for a reorg); `toBlock < fromBlock` when there was nothing new. */
  syncOnce(): Promise<SyncResult>;
  /** Resolves once block `n` is indexed. */
  waitForBlock(n: bigint): Promise<void>;
  /** The last indexed block, or null before the first sync. */
  indexedBlock(): bigint | null;
  stop(): Promise<void>;
}

export interface StartIndexerParameters {
  publicClient: PublicClient;
  deployment: Deployment;
  store: Store;
  /** Only blocks at least this deep are indexed (head - confirmations). Default 0. */
  confirmations?: number;
  /** Pause between polls once caught up. Default 1 s. */
  pollIntervalMs?: number;
  /** First block to index. Default: the earliest deployment block of the two contracts. */
  fromBlock?: bigint;
  /** Most blocks per `eth_getLogs` request. Default 2,000. */
  maxBlockRange?: number;
  /** How many recent blocks' hashes are kept to find a reorg's common ancestor. Default 256. */
  reorgWindow?: number;
  /** Don't start the polling loop (tests drive `syncOnce` themselves). */
  manual?: boolean;
  onEvent?: (event: IndexerEvent) => void;
}

const ZERO_HASH = `0x${"0".repeat(64)}` as Hex;

/**
 * Follows every event of SoundmarkRegistry and TrackNFT into the store: block ranges up to head - confirmations, a
 * resumable cursor (last block and its hash), and reorg handling (a stored hash that no longer matches the chain rolls
 * every fact back to the common ancestor, then indexing goes on from there).
 *
 * @example
 * const indexer = startIndexer({ publicClient, deployment, store, confirmations: 2 });
 * await indexer.ready;
 */
export function startIndexer(p: StartIndexerParameters): Indexer {
  const { publicClient, deployment, store } = p;
  const registry = deployment.contracts.SoundmarkRegistry.address.toLowerCase() as Hex;
  const nft = deployment.contracts.TrackNFT.address.toLowerCase() as Hex;
  const id = `${deployment.chainId}:${registry}`;
  const confirmations = BigInt(Math.max(0, p.confirmations ?? 0));
  const maxRange = BigInt(Math.max(1, p.maxBlockRange ?? 2_000));
  const reorgWindow = Math.max(2, p.reorgWindow ?? 256);
  const pollIntervalMs = p.pollIntervalMs ?? 1_000;
  const startBlock = p.fromBlock ?? BigInt(Math.min(deployment.contracts.SoundmarkRegistry.blockNumber, deployment.contracts.TrackNFT.blockNumber));
  const emit = p.onEvent ?? (() => {});

  let stopped = false;
  let indexed: bigint | null = null;
  const waiters = new Set<{ n: bigint; resolve: () => void; reject: (e: unknown) => void }>();
  const notify = () => {
    for (const w of [...waiters]) {
      if (indexed !== null && indexed >= w.n) {
        waiters.delete(w);
        w.resolve();
      }
    }
  };

  let lock: Promise<unknown> = Promise.resolve();
  const locked = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = lock.then(fn, fn);
    lock = run.catch(() => {});
    return run;
  };

  async function header(n: bigint): Promise<Block | null> {
    try {
      return await publicClient.getBlock({ blockNumber: n });
    } catch (error) {
      if (error instanceof BlockNotFoundError) return null;
      throw error;
    }
  }
  const stored = (b: Block): StoredBlock => ({
    number: b.number!,
    hash: b.hash!,
    parentHash: b.parentHash,
    timestamp: new Date(Number(b.timestamp) * 1000),
  });

  async function initialCursor(): Promise<IndexerCursor> {
    const existing = await readCursor(store, id);
    if (existing) return existing;
    const before = startBlock - 1n;
    const block = before >= 0n ? await header(before) : null;
    const cursor = { blockNumber: before, blockHash: block?.hash ?? ZERO_HASH };
    await store.transaction(async (sql) => {
      await writeCursor(sql, id, deployment.chainId, cursor);
      if (block) await storeBlocks(sql, id, [stored(block)]);
    });
    return cursor;
  }

  /** Finds the newest stored block still on the chain and rolls everything after it back. */
  async function rollbackToCommonAncestor(cursor: IndexerCursor): Promise<IndexerCursor> {
    const candidates = await readStoredBlocks(store, id);
    for (const candidate of candidates) {
      if (candidate.number > cursor.blockNumber) continue;
      const onChain = await header(candidate.number);
      if (onChain?.hash === candidate.hash) {
        const ancestor = { blockNumber: candidate.number, blockHash: candidate.hash };
        await store.transaction(async (sql) => {
          await rollbackFrom(sql, candidate.number + 1n);
          await deleteBlocksAbove(sql, id, candidate.number);
          await writeCursor(sql, id, deployment.chainId, ancestor);
        });
        emit({ type: "reorg", commonAncestor: candidate.number, replacedFrom: candidate.number + 1n });
        return ancestor;
      }
    }
    if (cursor.blockNumber < 0n) return cursor;
    throw new ReorgTooDeepError(candidates.at(-1)?.number ?? null);
  }

  const decode = (logs: Log[]) => {
    const fromRegistry = logs.filter((l) => l.address.toLowerCase() === registry);
    const fromNft = logs.filter((l) => l.address.toLowerCase() === nft);
    return [
      ...parseEventLogs({ abi: soundmarkRegistryAbi, logs: fromRegistry }).map((l) => ({ ...l, contract: "SoundmarkRegistry" as const })),
      ...parseEventLogs({ abi: trackNFTAbi, logs: fromNft }).map((l) => ({ ...l, contract: "TrackNFT" as const })),
    ].sort((a, b) => (a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1));
  };

  async function syncRange(): Promise<SyncResult> {
    for (let attempt = 0; ; attempt++) {
      let cursor = await initialCursor();
      // The cursor's block must still be the one we indexed; otherwise a reorg replaced it.
      if (cursor.blockNumber >= 0n) {
        const current = await header(cursor.blockNumber);
        if (current?.hash !== cursor.blockHash) cursor = await rollbackToCommonAncestor(cursor);
      }
      const head = await publicClient.getBlockNumber({ cacheTime: 0 });
      const safe = head - confirmations;
      const from = cursor.blockNumber + 1n;
      if (safe < from) return { fromBlock: from, toBlock: cursor.blockNumber, events: 0 };
      const to = safe - from + 1n > maxRange ? from + maxRange - 1n : safe;

      const toBefore = await header(to);
      const fromHeader = from === to ? toBefore : await header(from);
      if (!toBefore || !fromHeader) continue; // the head moved back under us: a reorg in progress
      if (cursor.blockNumber >= 0n && fromHeader.parentHash !== cursor.blockHash) {
        await rollbackToCommonAncestor(cursor);
        continue;
      }
      const logs = await publicClient.getLogs({ address: [registry, nft], fromBlock: from, toBlock: to });
      const numbers = new Set(logs.map((l) => l.blockNumber!));
      const headers = new Map<bigint, Block>([[to, toBefore], [from, fromHeader]]);
      for (const n of numbers) if (!headers.has(n)) { const h = await header(n); if (h) headers.set(n, h); }
      const toAfter = await header(to);
      const consistent =
        toAfter?.hash === toBefore.hash && logs.every((l) => headers.get(l.blockNumber!)?.hash === l.blockHash);
      if (!consistent) {
        if (attempt > 5) throw new Error(`the chain kept changing while indexing blocks ${from}-${to}`);
        continue; // blocks changed during the range: try again (the cursor check then finds the reorg)
      }
      const events: IndexedEvent[] = decode(logs).map((l) => ({
        contract: l.contract,
        address: l.address,
        eventName: l.eventName,
        args: l.args as Record<string, unknown>,
        blockNumber: l.blockNumber,
        blockHash: l.blockHash,
        blockTime: new Date(Number(headers.get(l.blockNumber)!.timestamp) * 1000),
        transactionHash: l.transactionHash,
        logIndex: l.logIndex,
      }));
      await store.transaction(async (sql) => {
        for (const e of events) await storeEvent(sql, e);
        await storeBlocks(sql, id, [...headers.values()].map(stored));
        await writeCursor(sql, id, deployment.chainId, { blockNumber: to, blockHash: toBefore.hash! });
        await pruneBlocks(sql, id, to, reorgWindow);
      });
      const result = { fromBlock: from, toBlock: to, events: events.length };
      emit({ type: "synced", ...result });
      return result;
    }
  }

  async function syncOnce(): Promise<SyncResult> {
    if (stopped) throw new IndexerStoppedError("The indexer is stopped");
    return locked(async () => {
      const result = await syncRange();
      indexed = result.toBlock;
      notify();
      return result;
    });
  }

  let sleeping: (() => void) | undefined;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        sleeping = undefined;
        resolve();
      }, ms);
      sleeping = () => {
        clearTimeout(timer);
        sleeping = undefined;
        resolve();
      };
    });

  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  let loop: Promise<void> = Promise.resolve();
  if (!p.manual) {
    loop = (async () => {
      let caughtUp = false;
      while (!stopped) {
        try {
          const r = await syncOnce();
          const behind = r.toBlock >= r.fromBlock && r.toBlock < (await publicClient.getBlockNumber({ cacheTime: 0 })) - confirmations;
          if (!behind && !caughtUp) {
            caughtUp = true;
            markReady();
          }
          if (behind) continue;
        } catch (error) {
          if (stopped) break;
          emit({ type: "error", error });
        }
        await sleep(pollIntervalMs);
      }
    })();
  } else {
    markReady();
  }

  return {
    ready,
    syncOnce,
    indexedBlock: () => indexed,
    waitForBlock(n) {
      if (indexed !== null && indexed >= n) return Promise.resolve();
      if (stopped) return Promise.reject(new IndexerStoppedError("The indexer is stopped"));
      return new Promise<void>((resolve, reject) => waiters.add({ n, resolve, reject }));
    },
    async stop() {
      stopped = true;
      sleeping?.();
      await loop;
      await lock.catch(() => {});
      for (const w of [...waiters]) w.reject(new IndexerStoppedError("The indexer stopped before the block was indexed"));
      waiters.clear();
    },
  };
}
