import { mkdir } from "node:fs/promises";
import path from "node:path";
import { network } from "hardhat";
import { getBlockHead, getClockOffset, type RequestProvider } from "./chain-reads.js";
import { ChainJournalMismatchError } from "./errors.js";
import { lockFolder, type FolderLock } from "./folder-lock.js";
import { JOURNAL_FORMAT, JOURNAL_VERSION, type JournalHeader } from "./journal-entry.js";
import { readJournal, JournalWriter } from "./journal-file.js";
import { JournalingChain } from "./journaling-chain.js";
import { startJsonRpcHttpServer, type JsonRpcHttpServer } from "./json-rpc-http-server.js";
import { replayJournal } from "./replay-journal.js";

export interface StartEmbeddedChainParameters {
  /** The data folder: the chain keeps `chain/journal.jsonl` (and a lock file) in it. */
  dataDir: string;
  /** Listen address (default 127.0.0.1). */
  host?: string;
  /** JSON-RPC port (default 8545; 0 picks a free one). */
  port?: number;
  log?: (line: string) => void;
  /** HTTP bodies above this get 413 (default 16 MiB). */
  maxBodyBytes?: number;
}

export interface EmbeddedChain {
  rpcUrl: string;
  chainId: number;
  /** Entries replayed at start. */
  replayed: number;
  /** The journal was created by this start: the chain holds nothing but its genesis accounts. */
  created: boolean;
  journalPath: string;
  close(): Promise<void>;
}

/**
 * Hardhat's EDR chain (the default network of hardhat.config.ts), in this process, behind a JSON-RPC server, whose
 * state survives restarts: every call that changes it is appended to `<dataDir>/chain/journal.jsonl` before it is
 * answered, and replayed at the next start, which checks that each block comes back with the same hash.
 *
 * @example
 * const chain = await startEmbeddedChain({ dataDir: ".soundmark", port: 8545, log: console.log });
 * // ... clients use chain.rpcUrl ...
 * await chain.close();
 */
export async function startEmbeddedChain(p: StartEmbeddedChainParameters): Promise<EmbeddedChain> {
  const log = p.log ?? (() => {});
  const chainDir = path.join(p.dataDir, "chain");
  const journalPath = path.join(chainDir, "journal.jsonl");
  await mkdir(chainDir, { recursive: true });
  const lock: FolderLock = await lockFolder(path.join(chainDir, "lock"));
  const closers: (() => Promise<void>)[] = [() => lock.release()];
  const closeAll = async () => {
    for (const close of closers.reverse()) await close().catch(() => {});
  };
  try {
    const journal = await readJournal(journalPath);
    if (journal.droppedTailBytes > 0) {
      log(`chain: dropped a torn last line of ${journalPath} (${journal.droppedTailBytes} bytes, written when the process stopped; never answered)`);
    }
    const { header } = journal;
    // The genesis timestamp is part of the genesis hash: the journal's gives the same chain; a new chain starts now.
    const initialDate = header ? new Date(header.genesis.timestamp * 1000) : new Date();
    const connection = await network.create({ override: { initialDate } });
    closers.push(() => connection.close());
    const provider = connection.provider as unknown as RequestProvider;
    const chainId = Number(await provider.request({ method: "eth_chainId", params: [] }));
    const genesis = await getBlockHead(provider, 0);

    if (header) {
      if (header.chainId !== chainId) throw new ChainJournalMismatchError(journalPath, `chain id ${header.chainId}, this chain's is ${chainId}`);
      if (header.genesis.hash !== genesis.hash) {
        throw new ChainJournalMismatchError(journalPath, `genesis block ${header.genesis.hash}, this chain's is ${genesis.hash}`);
      }
    }
    const writer = await JournalWriter.open(journalPath);
    closers.push(() => writer.close());
    if (header) {
      await replayJournal({ provider, journalPath, header, entries: journal.entries });
      if (journal.entries.length > 0) log(`chain: replayed ${journal.entries.length} journaled call(s) from ${journalPath}`);
    } else {
      const created: JournalHeader = {
        format: JOURNAL_FORMAT,
        version: JOURNAL_VERSION,
        chainId,
        genesis: { hash: genesis.hash, timestamp: genesis.timestamp },
        clockOffset: await getClockOffset(provider),
        createdAt: new Date().toISOString(),
      };
      await writer.append(created);
      log(`chain: a new chain (id ${chainId}), journaled in ${journalPath}`);
    }

    const chain = new JournalingChain(provider, writer, log);
    const server: JsonRpcHttpServer = await startJsonRpcHttpServer({
      host: p.host ?? "127.0.0.1",
      port: p.port ?? 8545,
      handle: (method, params) => chain.request(method, params),
      ...(p.maxBodyBytes !== undefined ? { maxBodyBytes: p.maxBodyBytes } : {}),
    });
    // Closed in reverse: the server stops taking requests, the changes in flight reach the journal, then the rest.
    closers.push(() => chain.drain());
    closers.push(() => server.close());
    let closed: Promise<void> | undefined;
    return {
      rpcUrl: server.url,
      chainId,
      replayed: journal.entries.length,
      created: !header,
      journalPath,
      close: () => (closed ??= closeAll()),
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
