import {
  encodeFunctionData,
  type Account,
  type Address,
  type Chain,
  type Hex,
  type PublicClient,
  type Transport,
  type WalletClient,
} from "viem";
import type { Store } from "../store/index.js";
import { soundmarkRegistryAbi } from "./abi/SoundmarkRegistry.js";
import { contractErrorFrom, TrackAlreadyRegisteredError } from "./contract-errors.js";
import type { Deployment } from "./deployment.js";
import {
  ChainClientClosedError,
  ContractRevertError,
  InvalidRegistrationError,
  RegistrationFailedError,
  TransactionDroppedError,
  TransactionRevertedError,
} from "./errors.js";
import {
  bare,
  deleteRegistration,
  insertBatch,
  insertRegistration,
  markBatch,
  markDone,
  markFailed,
  markSent,
  readQueued,
  readRegistration,
  type RegistrationRow,
  type TrackKindName,
} from "./registrar-records.js";
import { buildRegistrationBatch } from "./registration-batch.js";
import { KIND, normaliseHash, validateRegistration as validate } from "./registration-input.js";
import type { TrackRecord } from "./track-record.js";
import { createTxManager, type CreateTxManagerParameters, type TxManager } from "./tx-manager.js";

export interface RegisterTrackParameters {
  /** sha256 of the file, 0x-prefixed. */
  contentHash: Hex;
  kind: TrackKindName;
  /** 0n when none. */
  styleId: bigint;
  /** 0n when none. */
  licenceId: bigint;
  /** Content hashes of registered parents. */
  parents: Hex[];
  /** sha256 of the manifest bytes. */
  manifestDigest: Hex;
}

export interface RegisteredTrack {
  contentHash: Hex;
  /** The registering transaction (for a batched record: the batch's anchoring transaction, until it is promoted). */
  transactionHash: Hex | null;
  blockNumber: bigint | null;
  registrant: Address;
  /** The content was already registered on-chain before this registrar first saw it. */
  alreadyRegistered: boolean;
  /** Set for a record anchored in a Merkle batch: the root and the record's proof (promote with `promote`). */
  batch?: { root: Hex; proof: Hex[]; promoted: boolean };
}

export interface TrackRegistrar {
  /**
   * Registers the track once: looks at its own records and on-chain first, never sends a second registration.
   * @throws InvalidRegistrationError, LicenceNotValidError, UnknownParentError, InvalidTrackRecordError, ContractPausedError…
   */
  register(p: RegisterTrackParameters): Promise<RegisteredTrack>;
  close(): Promise<void>;
}

/** What `createTrackRegistrar` returns: a TrackRegistrar that also promotes batched records and resumes after a restart. */
export interface ChainTrackRegistrar extends TrackRegistrar {
  /** Turns a batched record into a full on-chain record (`TrackRegistry.promote`) with its stored proof. */
  promote(contentHash: Hex): Promise<RegisteredTrack>;
  /**
   * Finishes what an earlier process left (queued or sent registrations), e.g. at start-up; resolves with each
   * outcome (a refused registration is reported as its error).
   */
  resume(): Promise<PromiseSettledResult<RegisteredTrack>[]>;
}

export interface CreateTrackRegistrarParameters {
  publicClient: PublicClient;
  walletClient: WalletClient<Transport, Chain, Account>;
  deployment: Deployment;
  store: Store;
  confirmations?: number;
  /** When more than this many parentless registrations wait at a flush, they are anchored as one Merkle batch. Default: never. */
  batchThreshold?: number;
  /** Largest batch. Default 1,024. */
  maxBatchSize?: number;
  /**
   * How long a parentless registration waits for others to make a batch (it is sent at once when the queue exceeds
   * `batchThreshold`, and directly when the window ends without a batch). Default 2 s with batching, else 0.
   */
  batchWindowMs?: number;
  /**
   * Publishes a batch file before its root is anchored (e.g. `ipfs.addBytes`: a file under 256 KiB is one raw block,
   * whose CID is the raw CIDv1 of `leavesDigest`), so anyone can rebuild the proofs from the chain. A throw refuses the batch.
   */
  publishBatchFile?: (file: Uint8Array, leavesDigest: Hex) => Promise<void>;
  /** Options of the transaction manager (gas cap, replacement, polling). */
  transactions?: Omit<CreateTxManagerParameters, "publicClient" | "walletClient" | "store" | "confirmations">;
  /**
   * The signer's transaction manager, when other writers share the signer (the server's licence grants): one nonce
   * sequence per signer. Its owner closes it; without it the registrar makes and closes its own.
   */
  txManager?: TxManager;
}

const ZERO_HASH = `0x${"0".repeat(64)}`;

/**
 * Registers tracks on the SoundmarkRegistry through the transaction manager, idempotent by content hash and durable
 * across restarts (`registrar_records`). When many registrations wait, parentless ones are anchored as one Merkle batch.
 *
 * @example
 * const registrar = createTrackRegistrar({ publicClient, walletClient, deployment, store, confirmations: 2, batchThreshold: 32 });
 * const { transactionHash } = await registrar.register({ contentHash, kind: "generated", styleId: 1n, licenceId: 3n, parents: [], manifestDigest });
 */
export function createTrackRegistrar(p: CreateTrackRegistrarParameters): ChainTrackRegistrar {
  const { publicClient, deployment, store } = p;
  const registry = deployment.contracts.SoundmarkRegistry.address;
  const fromBlock = BigInt(deployment.contracts.SoundmarkRegistry.blockNumber);
  const ownsTx = !p.txManager;
  const tx: TxManager = p.txManager ?? createTxManager({ ...p.transactions, publicClient, walletClient: p.walletClient, store, confirmations: p.confirmations });
  const registrant = tx.address;
  const maxBatchSize = p.maxBatchSize ?? 1024;
  const inFlight = new Map<string, Promise<RegisteredTrack>>();
  /** Typed errors of registrations refused in this process, for the callers waiting on them. */
  const failures = new Map<string, Error>();
  let closed = false;

  const batching = p.batchThreshold !== undefined;
  const batchWindowMs = p.batchWindowMs ?? (batching ? 2_000 : 0);
  /** When this process queued each parentless registration: they wait for a batch until `batchWindowMs` after it. */
  const queuedAt = new Map<string, number>();

  let flushLock: Promise<unknown> = Promise.resolve();
  let pending: { promise: Promise<void>; resolve: () => void; reject: (e: unknown) => void } | undefined;
  let timer: { handle: NodeJS.Timeout; due: number } | undefined;
  /**
   * Asks for a flush within `delayMs`; callers share one flush (that is what lets registrations batch), and an
   * earlier request wins over a later one.
   */
  const requestFlush = (delayMs: number): Promise<void> => {
    if (!pending) {
      let resolve!: () => void;
      let reject!: (e: unknown) => void;
      const promise = new Promise<void>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      pending = { promise, resolve, reject };
    }
    const due = Date.now() + Math.max(0, delayMs);
    if (!timer || due < timer.due) {
      if (timer) clearTimeout(timer.handle);
      timer = { handle: setTimeout(fire, Math.max(0, delayMs)), due };
    }
    return pending.promise;
  };
  function fire(): void {
    timer = undefined;
    const waiting = pending;
    pending = undefined;
    const run = flushLock.then(flush);
    flushLock = run.catch(() => {});
    run.then(waiting?.resolve, waiting?.reject);
  }

  /** How soon a queued registration should be flushed: now, unless it may still join a batch. */
  async function flushDelay(row: RegistrationRow): Promise<number> {
    if (!batching || row.parents.length > 0) return 0;
    const [{ n } = { n: "0" }] = await store.query<{ n: string }>(
      "SELECT count(*) AS n FROM registrar_records WHERE status = 'queued' AND cardinality(parents) = 0",
    );
    if (Number(n) > p.batchThreshold!) return 0;
    const since = queuedAt.get(row.contentHash);
    return since === undefined ? 0 : Math.max(0, since + batchWindowMs - Date.now());
  }

  const assertOpen = () => {
    if (closed) throw new ChainClientClosedError("The track registrar is closed");
  };

  function recordOf(r: Pick<RegistrationRow, "contentHash" | "kind" | "styleId" | "licenceId" | "parents" | "manifestDigest" | "registrant">): TrackRecord {
    return {
      contentHash: r.contentHash,
      registrant: r.registrant,
      kind: KIND[r.kind],
      styleId: Number(r.styleId),
      licenceId: r.licenceId,
      parents: r.parents,
      manifestDigest: r.manifestDigest,
    };
  }

  const registerData = (r: RegistrationRow) =>
    encodeFunctionData({
      abi: soundmarkRegistryAbi,
      functionName: "register",
      args: [r.contentHash, KIND[r.kind], Number(r.styleId), r.licenceId, r.parents, r.manifestDigest],
    });

  /** Where the content was registered on-chain, or null when it is not. */
  async function onChainRegistration(contentHash: Hex): Promise<{ transactionHash: Hex | null; blockNumber: bigint | null; registrant: Address } | null> {
    const recordHash = await publicClient.readContract({ address: registry, abi: soundmarkRegistryAbi, functionName: "recordHashOf", args: [contentHash] });
    if (recordHash === ZERO_HASH) return null;
    // The indexer may know the transaction already; otherwise ask the node for the event (indexed by content hash).
    const [indexed] = await store
      .query<{ transaction_hash: string; block_number: string; registrant: string }>(
        "SELECT transaction_hash, block_number, registrant FROM chain_tracks WHERE content_hash = $1",
        [bare(contentHash)],
      )
      .catch(() => []);
    if (indexed) return { transactionHash: indexed.transaction_hash as Hex, blockNumber: BigInt(indexed.block_number), registrant: indexed.registrant as Address };
    const [log] = await publicClient.getContractEvents({
      address: registry,
      abi: soundmarkRegistryAbi,
      eventName: "TrackRegistered",
      args: { contentHash },
      fromBlock,
      toBlock: "latest",
    });
    return {
      transactionHash: log?.transactionHash ?? null,
      blockNumber: log?.blockNumber ?? null,
      registrant: (log?.args.registrant?.toLowerCase() ?? "0x0000000000000000000000000000000000000000") as Address,
    };
  }

  async function recordExternal(row: RegistrationRow | null, params: RegistrationRow | RegisterTrackParameters, found: NonNullable<Awaited<ReturnType<typeof onChainRegistration>>>) {
    if (row) {
      await markDone(store, row.contentHash, { status: "registered", ...found, mode: "external", alreadyRegistered: true });
    } else {
      await insertRegistration(store, {
        contentHash: params.contentHash, kind: params.kind, styleId: params.styleId, licenceId: params.licenceId, parents: params.parents,
        manifestDigest: params.manifestDigest, registrant: found.registrant, status: "registered", mode: "external",
        transactionHash: found.transactionHash, blockNumber: found.blockNumber, alreadyRegistered: true,
      });
    }
  }

  function result(row: RegistrationRow): RegisteredTrack {
    const out: RegisteredTrack = {
      contentHash: row.contentHash,
      transactionHash: row.transactionHash,
      blockNumber: row.blockNumber,
      registrant: row.registrant,
      alreadyRegistered: row.alreadyRegistered,
    };
    if (row.batchRoot && row.batchProof) out.batch = { root: row.batchRoot, proof: row.batchProof, promoted: row.status === "registered" };
    return out;
  }

  /**
   * The transaction key of an intent: `base` for the first attempt, `base:N` after N attempts that reverted or were
   * dropped. Deterministic, so a restart between sending and recording finds the transaction it already sent.
   */
  async function attemptKey(base: string): Promise<string> {
    const rows = await store.query<{ key: string; status: string }>(
      "SELECT key, status FROM tx_transactions WHERE key = $1 OR key LIKE $2 ORDER BY created_at, key",
      [base, `${base}:%`],
    );
    const live = rows.find((r) => r.status !== "reverted" && r.status !== "dropped");
    if (live) return live.key;
    return rows.length === 0 ? base : `${base}:${rows.length}`;
  }

  /** Sends what is queued: parentless registrations as one batch above the threshold, the rest one by one. */
  async function flush(): Promise<void> {
    if (closed) return;
    const queued = await readQueued(store);
    const batchable = batching ? queued.filter((r) => r.parents.length === 0) : [];
    const inBatch = batchable.length > p.batchThreshold! ? batchable.slice(0, maxBatchSize) : [];
    const batched = new Set(inBatch.map((r) => r.contentHash));
    const now = Date.now();
    for (const row of queued) {
      if (batched.has(row.contentHash)) continue;
      // A batchable registration still inside its window keeps waiting for company (its caller asks again).
      const since = queuedAt.get(row.contentHash);
      if (batching && row.parents.length === 0 && since !== undefined && since + batchWindowMs > now) continue;
      queuedAt.delete(row.contentHash);
      await sendDirect(row);
    }
    for (const row of inBatch) queuedAt.delete(row.contentHash);
    if (inBatch.length > 0) await sendBatch(inBatch);
  }

  async function refuse(row: RegistrationRow, error: unknown): Promise<void> {
    const typed = contractErrorFrom(error) ?? error;
    if (typed instanceof TrackAlreadyRegisteredError) {
      const found = await onChainRegistration(row.contentHash);
      if (found) return recordExternal(row, row, found);
    }
    const code = typed instanceof ContractRevertError ? typed.code : ((typed as { code?: unknown }).code as string | undefined) ?? "REGISTRATION_FAILED";
    const message = typed instanceof Error ? (typed as Error & { shortMessage?: string }).shortMessage ?? typed.message : String(typed);
    failures.set(row.contentHash, typed instanceof Error ? typed : new Error(String(typed)));
    await markFailed(store, row.contentHash, String(code), message);
  }

  async function sendDirect(row: RegistrationRow): Promise<void> {
    try {
      const key = await attemptKey(`register:${bare(row.contentHash)}`);
      await tx.send({ key, purpose: "register", to: registry, data: registerData(row) });
      await markSent(store, row.contentHash, { mode: "direct", txKey: key });
    } catch (error) {
      await refuse(row, error);
    }
  }

  async function sendBatch(rows: RegistrationRow[]): Promise<void> {
    // Anchoring checks nothing but the root, so each record is checked now as a `register` call would be: a record
    // that would not register is refused with its own error instead of sitting in a batch it can never leave.
    const valid: RegistrationRow[] = [];
    for (const row of rows) {
      try {
        await publicClient.call({ account: registrant, to: registry, data: registerData(row) });
        valid.push(row);
      } catch (error) {
        await refuse(row, error);
      }
    }
    if (valid.length === 0) return;
    const batch = buildRegistrationBatch(valid.map(recordOf));
    const key = await attemptKey(`anchor:${batch.root}`);
    const data = encodeFunctionData({ abi: soundmarkRegistryAbi, functionName: "anchorBatch", args: [batch.root, batch.size, batch.leavesDigest] });
    try {
      await p.publishBatchFile?.(new TextEncoder().encode(batch.file), batch.leavesDigest);
      await tx.send({ key, purpose: "anchorBatch", to: registry, data });
    } catch (error) {
      for (const row of valid) await refuse(row, error);
      return;
    }
    await store.transaction(async (sql) => {
      await insertBatch(sql, { root: batch.root, size: batch.size, leavesDigest: batch.leavesDigest, file: batch.file, txKey: key });
      for (const row of valid) {
        await markSent(sql, row.contentHash, { mode: "batch", txKey: key, batchRoot: batch.root, batchProof: batch.proofs.get(row.contentHash.toLowerCase() as Hex) ?? [] });
      }
    });
  }

  /** Waits for a sent registration's transaction and records the outcome. */
  async function settle(row: RegistrationRow): Promise<void> {
    if (!row.txKey) throw new RegistrationFailedError(row.contentHash, row.errorCode, "sent without a transaction");
    try {
      const done = await tx.wait(row.txKey);
      if (row.mode === "batch" && row.batchRoot) {
        await markBatch(store, row.batchRoot, "anchored", done.minedHash, done.blockNumber);
        await store.query(
          `UPDATE registrar_records SET status = 'anchored', transaction_hash = $2, block_number = $3, updated_at = now()
           WHERE batch_root = $1 AND status = 'sent'`,
          [row.batchRoot, done.minedHash, done.blockNumber?.toString() ?? null],
        );
      } else {
        await markDone(store, row.contentHash, { status: "registered", transactionHash: done.minedHash, blockNumber: done.blockNumber });
      }
    } catch (error) {
      if (!(error instanceof TransactionRevertedError) && !(error instanceof TransactionDroppedError)) throw error;
      const hash = error instanceof TransactionRevertedError ? error.transactionHash : null;
      if (row.mode === "batch" && row.batchRoot) await markBatch(store, row.batchRoot, "failed", hash, null);
      // Someone may have registered the same content first (a race): that is a registration, not a failure.
      const found = await onChainRegistration(row.contentHash);
      if (found) return recordExternal(row, row, found);
      const rows = row.mode === "batch" && row.batchRoot ? await batchRows(row.batchRoot) : [row];
      for (const r of rows) await refuse(r, error.cause instanceof ContractRevertError ? error.cause : error);
    }
  }

  async function batchRows(root: Hex): Promise<RegistrationRow[]> {
    const rows = await store.query<{ content_hash: string }>("SELECT content_hash FROM registrar_records WHERE batch_root = $1 AND status = 'sent'", [root]);
    const out: RegistrationRow[] = [];
    for (const r of rows) {
      const full = await readRegistration(store, `0x${r.content_hash}`);
      if (full) out.push(full);
    }
    return out;
  }

  /** Parents registered by this registrar must be on-chain (mined, promoted) before a child refers to them. */
  async function settleParent(parent: Hex): Promise<void> {
    for (;;) {
      const row = await readRegistration(store, parent);
      if (!row) return;
      if (row.status === "queued") await requestFlush(await flushDelay(row));
      else if (row.status === "sent") await settle(row);
      else if (row.status === "anchored") {
        await promote(parent);
        return;
      } else return;
    }
  }

  async function registerOnce(params: RegisterTrackParameters): Promise<RegisteredTrack> {
    let retriedFailure = false;
    for (;;) {
      assertOpen();
      const row = await readRegistration(store, params.contentHash);
      if (!row) {
        const found = await onChainRegistration(params.contentHash);
        if (found) {
          await recordExternal(null, params, found);
          continue;
        }
        for (const parent of params.parents) await settleParent(parent);
        if (await insertRegistration(store, { ...params, registrant, status: "queued" })) queuedAt.set(params.contentHash, Date.now());
        continue;
      }
      switch (row.status) {
        case "registered":
        case "anchored":
          return result(row);
        case "queued":
          await requestFlush(await flushDelay(row));
          break;
        case "sent":
          await settle(row);
          break;
        case "failed": {
          const failure = failures.get(row.contentHash);
          if (failure) {
            failures.delete(row.contentHash);
            throw failure;
          }
          if (retriedFailure) throw new RegistrationFailedError(row.contentHash, row.errorCode, row.error);
          // A failure of an earlier call: try again (the licence may have been fixed since).
          retriedFailure = true;
          await deleteRegistration(store, row.contentHash);
          break;
        }
      }
    }
  }

  async function promote(contentHash: Hex): Promise<RegisteredTrack> {
    assertOpen();
    const hash = normaliseHash(contentHash, "contentHash");
    const row = await readRegistration(store, hash);
    if (!row) throw new InvalidRegistrationError(`${hash} was not registered by this registrar`);
    if (row.status === "registered") return result(row);
    if (row.status !== "anchored" || !row.batchRoot || !row.batchProof) {
      throw new InvalidRegistrationError(`${hash} is not in an anchored batch (status ${row.status})`);
    }
    const record = recordOf(row);
    const data = encodeFunctionData({
      abi: soundmarkRegistryAbi,
      functionName: "promote",
      args: [row.batchRoot, { ...record, styleId: record.styleId, parents: [...record.parents] }, row.batchProof],
    });
    const key = await attemptKey(`promote:${bare(hash)}`);
    try {
      const done = await tx.sendAndWait({ key, purpose: "promote", to: registry, data });
      await markDone(store, hash, { status: "registered", transactionHash: done.minedHash, blockNumber: done.blockNumber, promoteTxKey: key });
    } catch (error) {
      const typed = contractErrorFrom(error instanceof TransactionRevertedError ? error.cause : error);
      if (!(typed instanceof TrackAlreadyRegisteredError)) throw typed ?? error;
      const found = await onChainRegistration(hash);
      if (found) await markDone(store, hash, { status: "registered", ...found, alreadyRegistered: true });
    }
    const after = await readRegistration(store, hash);
    if (!after) throw new RegistrationFailedError(hash, null, "the record disappeared");
    return result(after);
  }

  return {
    register(params) {
      let normalised: RegisterTrackParameters;
      try {
        assertOpen();
        normalised = validate(params);
      } catch (error) {
        return Promise.reject(error);
      }
      const key = normalised.contentHash;
      const existing = inFlight.get(key);
      if (existing) return existing;
      const run = registerOnce(normalised).finally(() => inFlight.delete(key));
      inFlight.set(key, run);
      return run;
    },
    promote,
    async resume() {
      const rows = await store.query<{ content_hash: string }>(
        "SELECT content_hash FROM registrar_records WHERE status IN ('queued', 'sent') ORDER BY created_at, content_hash",
      );
      const unfinished: RegistrationRow[] = [];
      for (const r of rows) {
        const row = await readRegistration(store, `0x${r.content_hash}`);
        if (row) unfinished.push(row);
      }
      return Promise.allSettled(
        unfinished.map((row) =>
          this.register({ contentHash: row.contentHash, kind: row.kind, styleId: row.styleId, licenceId: row.licenceId, parents: row.parents, manifestDigest: row.manifestDigest }),
        ),
      );
    },
    async close() {
      closed = true;
      if (ownsTx) await tx.close();
    },
  };
}
