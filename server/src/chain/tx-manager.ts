import {
  keccak256,
  TransactionReceiptNotFoundError,
  TransactionNotFoundError,
  type Abi,
  type Account,
  type Address,
  type Chain,
  type Hex,
  type PublicClient,
  type TransactionReceipt,
  type Transport,
  type WalletClient,
} from "viem";
import type { Store } from "../store/index.js";
import { contractErrorFrom } from "./contract-errors.js";
import {
  ChainClientClosedError,
  ChainRequestError,
  ContractRevertError,
  GasCapExceededError,
  TransactionDroppedError,
  TransactionKeyConflictError,
  TransactionRevertedError,
  UnknownTransactionError,
} from "./errors.js";
import { bumpFees, estimateFees, type Fees } from "./fees.js";
import { NonceTracker } from "./nonce-tracker.js";
import { errorText, isNonceError, nodeRefused } from "./node-errors.js";
import {
  deleteTx,
  insertTx,
  readHighestNonce,
  readOpenTxs,
  readTx,
  recordBroadcast,
  recordStatus,
  type TxRecord,
} from "./tx-record.js";

export type { TxRecord, TxStatus } from "./tx-record.js";

/** What to send: one intent, named by a key that stays the same across retries and restarts. */
export interface TxRequest {
  /** Identifies the intent (e.g. `register:<sha256>`): a second `send` with the same key sends nothing. */
  key: string;
  /** A short label for logs and errors (e.g. `register`). */
  purpose: string;
  to: Address;
  data: Hex;
  value?: bigint;
}

/** What the manager reports while it works (for logs, metrics and tests). */
export type TxEvent =
  | { type: "sent"; key: string; hash: Hex; nonce: number }
  | { type: "replaced"; key: string; hash: Hex; previousHash: Hex | undefined; fees: Fees }
  | { type: "mined"; key: string; hash: Hex; blockNumber: bigint }
  | { type: "confirmed"; key: string; hash: Hex; blockNumber: bigint }
  | { type: "reverted"; key: string; hash: Hex }
  | { type: "gap-filled"; nonce: number; hash: Hex }
  | { type: "nonce-resync"; key: string; nonce: number }
  | { type: "fee-cap"; key: string; wanted: bigint; cap: bigint };

export interface CreateTxManagerParameters {
  publicClient: PublicClient;
  walletClient: WalletClient<Transport, Chain, Account>;
  store: Store;
  /** Blocks on top of the one holding the transaction, itself included, before it counts as final. Default 1. */
  confirmations?: number;
  /** Refuse transactions whose estimated gas is above this. Default 5,000,000. */
  maxGas?: bigint;
  /** Gas limit = estimate × (100 + margin) / 100, never above `maxGas`. Default 20. */
  gasMarginPercent?: number;
  /** Never bid a max fee per gas above this (replacements stop at it). Default: no cap. */
  maxFeePerGas?: bigint;
  /** A transaction not mined this long after its last broadcast is replaced with higher fees. Default 60 s. */
  replaceAfterMs?: number;
  /** Fee increase of a replacement, in percent; at least 12.5. */
  feeBumpPercent?: number;
  /** How often `wait` polls the node. Default: the client's pollingInterval, at most 1 s. */
  pollIntervalMs?: number;
  /** ABI used to decode revert data into typed errors; default both Soundmark contracts. */
  abi?: Abi;
  onEvent?: (event: TxEvent) => void;
}

export interface TxManager {
  readonly address: Address;
  /**
   * Estimates (refusing above the gas cap), signs, records and broadcasts the transaction, unless one is already
   * recorded under `request.key`: then it returns that record and sends nothing.
   * @throws GasCapExceededError, a ContractRevertError subclass when the call would revert, ChainRequestError.
   */
  send(request: TxRequest): Promise<TxRecord>;
  /**
   * Waits until the transaction under `key` has `confirmations`; replaces it with higher fees when it is stuck, fills
   * nonce gaps that hold it back, and follows it if a reorg moves it.
   * @throws TransactionRevertedError (with the decoded revert as cause when possible), TransactionDroppedError.
   */
  wait(key: string): Promise<TxRecord>;
  /** `send` then `wait`. */
  sendAndWait(request: TxRequest): Promise<TxRecord>;
  get(key: string): Promise<TxRecord | null>;
  /** Transactions of this signer that are not final yet (after a restart: what to `wait` for). */
  open(): Promise<TxRecord[]>;
  close(): Promise<void>;
}

const DEFAULT_MAX_GAS = 5_000_000n;

/**
 * The transaction manager of the server's one signer: local nonce counting, gas estimation with a cap, EIP-1559 fees,
 * replacement of stuck transactions, confirmations; every transaction is recorded in `tx_transactions` before it is
 * broadcast (local accounts: signed first, so even the hash is known), so a restart neither resends nor loses one.
 *
 * @example
 * const tx = createTxManager({ publicClient, walletClient, store, confirmations: 2 });
 * const record = await tx.sendAndWait({ key: "anchor:0xabc…", purpose: "anchor", to: registry, data });
 */
export function createTxManager(p: CreateTxManagerParameters): TxManager {
  const { publicClient, walletClient, store } = p;
  const account = walletClient.account;
  const address = account.address.toLowerCase() as Address;
  const confirmations = Math.max(1, p.confirmations ?? 1);
  const maxGas = p.maxGas ?? DEFAULT_MAX_GAS;
  const gasMargin = BigInt(Math.max(0, Math.round(p.gasMarginPercent ?? 20)));
  const replaceAfterMs = p.replaceAfterMs ?? 60_000;
  // The client's own polling interval (100 ms on local chains, see connect.ts), at most 1 s.
  const pollIntervalMs = p.pollIntervalMs ?? Math.min(1_000, publicClient.pollingInterval);
  const emit = p.onEvent ?? (() => {});
  let chainIdPromise: Promise<number> | undefined;
  const chainId = () => (chainIdPromise ??= publicClient.getChainId());
  const nonces = new NonceTracker(publicClient, address, async () => readHighestNonce(store, await chainId(), address));

  let closed = false;
  const sleepers = new Set<() => void>();
  let lock: Promise<unknown> = Promise.resolve();
  /** Runs fn after every earlier locked call: nonces are taken and broadcast in order, one at a time. */
  const locked = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = lock.then(fn, fn);
    lock = run.catch(() => {});
    return run;
  };
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      sleepers.add(wake);
    });
  const assertOpen = () => {
    if (closed) throw new ChainClientClosedError("The transaction manager is closed");
  };

  async function capFees(key: string, fees: Fees): Promise<Fees | null> {
    if (p.maxFeePerGas === undefined || fees.maxFeePerGas <= p.maxFeePerGas) return fees;
    emit({ type: "fee-cap", key, wanted: fees.maxFeePerGas, cap: p.maxFeePerGas });
    return null;
  }

  /** Signs (local accounts) and broadcasts; returns the hash. Records the hash before broadcasting when it can. */
  async function broadcast(
    t: { key: string; to: Address; data: Hex; value: bigint; gas: bigint; nonce: number },
    fees: Fees,
    record: (hash: Hex | null) => Promise<void>,
  ): Promise<Hex> {
    const fields = {
      to: t.to,
      data: t.data,
      value: t.value,
      gas: t.gas,
      nonce: t.nonce,
      maxFeePerGas: fees.maxFeePerGas,
      maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
    };
    if (account.type === "local" && account.signTransaction) {
      const serialized = await account.signTransaction({ ...fields, chainId: await chainId(), type: "eip1559" });
      const hash = keccak256(serialized);
      await record(hash);
      try {
        await walletClient.sendRawTransaction({ serializedTransaction: serialized });
      } catch (error) {
        if (!/already known|known transaction/i.test(errorText(error))) throw error;
      }
      return hash;
    }
    // A node-held key: the hash exists only once the node signed it, so the nonce is recorded first ('sending').
    await record(null);
    const hash = await walletClient.sendTransaction({ ...fields, account, chain: walletClient.chain, type: "eip1559" });
    await recordBroadcast(store, t.key, { hash, nonce: t.nonce, ...fees });
    return hash;
  }

  async function send(request: TxRequest): Promise<TxRecord> {
    assertOpen();
    const value = request.value ?? 0n;
    const existing = await readTx(store, request.key);
    if (existing) return sameIntent(existing, request, value);

    let estimate: bigint;
    try {
      estimate = await publicClient.estimateGas({ account, to: request.to, data: request.data, value });
    } catch (error) {
      throw contractErrorFrom(error) ?? new ChainRequestError(`Estimating "${request.purpose}" failed`, { details: errorText(error), cause: error });
    }
    if (estimate > maxGas) throw new GasCapExceededError(request.purpose, estimate, maxGas);
    const padded = (estimate * (100n + gasMargin)) / 100n;
    const gas = padded > maxGas ? maxGas : padded;
    const fees = await capFees(request.key, await estimateFees(publicClient));
    if (!fees) throw new ChainRequestError(`Fees for "${request.purpose}" are above the configured maximum fee per gas`);

    return locked(async () => {
      const again = await readTx(store, request.key);
      if (again) return sameIntent(again, request, value);
      const id = await chainId();
      for (let attempt = 0; ; attempt++) {
        const nonce = await nonces.take();
        const t = { key: request.key, to: request.to, data: request.data, value, gas, nonce };
        let recorded = false;
        try {
          const hash = await broadcast(t, fees, async (hash) => {
            const inserted = await insertTx(store, {
              key: request.key, purpose: request.purpose, chainId: id, from: address, to: request.to, data: request.data,
              value, nonce, gas, ...fees, hashes: hash ? [hash] : [], status: hash ? "pending" : "sending",
            });
            if (!inserted) throw new TransactionKeyConflictError(request.key);
            recorded = true;
          });
          emit({ type: "sent", key: request.key, hash, nonce });
          const record = await readTx(store, request.key);
          if (!record) throw new UnknownTransactionError(request.key);
          return record;
        } catch (error) {
          if (error instanceof TransactionKeyConflictError) throw error;
          const text = errorText(error);
          if (isNonceError(text) && attempt < 3) {
            // Someone else used the nonce (another process with this key, a transaction sent by hand): ask the node again.
            nonces.resync();
            emit({ type: "nonce-resync", key: request.key, nonce });
            if (recorded) await deleteTx(store, request.key);
            continue;
          }
          if (nodeRefused(error)) {
            // The node answered no: the nonce was not used. Forget the record so the nonce is not left as a gap.
            nonces.resync();
            if (recorded) await deleteTx(store, request.key);
            throw contractErrorFrom(error) ?? new ChainRequestError(`The node refused "${request.purpose}"`, { details: text, cause: error });
          }
          // Unknown outcome (a network failure): the record stays 'pending' and `wait` rebroadcasts it if the node lost it.
          if (!recorded) {
            nonces.resync();
            throw new ChainRequestError(`Sending "${request.purpose}" failed`, { details: text, cause: error });
          }
          const record = await readTx(store, request.key);
          if (!record) throw new UnknownTransactionError(request.key);
          return record;
        }
      }
    });
  }

  async function findReceipt(hashes: readonly Hex[]): Promise<TransactionReceipt | undefined> {
    for (const hash of [...hashes].reverse()) {
      try {
        return await publicClient.getTransactionReceipt({ hash });
      } catch (error) {
        if (!(error instanceof TransactionReceiptNotFoundError)) throw error;
      }
    }
    return undefined;
  }

  async function nodeKnowsAny(hashes: readonly Hex[]): Promise<boolean> {
    for (const hash of hashes) {
      try {
        await publicClient.getTransaction({ hash });
        return true;
      } catch (error) {
        if (!(error instanceof TransactionNotFoundError)) throw error;
      }
    }
    return false;
  }

  /** Re-signs the same nonce with higher fees (or rebroadcasts a lost transaction) and records the new hash. */
  async function replace(record: TxRecord): Promise<void> {
    await locked(async () => {
      const current = await readTx(store, record.key);
      if (!current || (current.status !== "pending" && current.status !== "sending")) return;
      const fees = await capFees(record.key, bumpFees(current, await estimateFees(publicClient), p.feeBumpPercent));
      if (!fees) return;
      const previousHash = current.hashes.at(-1);
      try {
        const hash = await broadcast(current, fees, async (hash) => {
          if (hash) await recordBroadcast(store, current.key, { hash, nonce: current.nonce, ...fees });
        });
        emit({ type: "replaced", key: current.key, hash, previousHash, fees });
      } catch (error) {
        // "nonce too low": one of the earlier hashes was mined meanwhile; the wait loop finds its receipt.
        if (!isNonceError(errorText(error)) && !/underpriced/i.test(errorText(error))) throw error;
      }
    });
  }

  /** Sends a zero-value transfer to itself at each nonce below `nonce` that holds the queue back and that no record of ours covers. */
  async function fillGaps(nonce: number): Promise<void> {
    await locked(async () => {
      const latest = await publicClient.getTransactionCount({ address, blockTag: "latest" });
      const ours = new Set((await readOpenTxs(store, await chainId(), address)).map((t) => t.nonce));
      for (let n = latest; n < nonce; n++) {
        if (ours.has(n)) continue;
        const fees = await estimateFees(publicClient);
        const filler = { key: `nonce-filler:${await chainId()}:${address}:${n}:${Date.now()}`, to: address, data: "0x" as Hex, value: 0n, gas: 21_000n, nonce: n };
        try {
          const hash = await broadcast(filler, fees, async (hash) => {
            if (hash) {
              await insertTx(store, { ...filler, purpose: "nonce-filler", chainId: await chainId(), from: address, ...fees, hashes: [hash], status: "pending" });
            }
          });
          emit({ type: "gap-filled", nonce: n, hash });
        } catch (error) {
          if (!isNonceError(errorText(error)) && !/underpriced|already known/i.test(errorText(error))) throw error;
        }
      }
    });
  }

  async function wait(key: string): Promise<TxRecord> {
    for (;;) {
      assertOpen();
      const record = await readTx(store, key);
      if (!record) throw new UnknownTransactionError(key);
      if (record.status === "confirmed") return record;
      if (record.status === "reverted") throw new TransactionRevertedError(key, record.minedHash ?? record.hashes.at(-1) ?? "0x", { details: record.error ?? undefined });
      if (record.status === "dropped") throw new TransactionDroppedError(key, { details: record.error ?? undefined });

      const receipt = await findReceipt(record.hashes);
      if (receipt) {
        const head = await publicClient.getBlockNumber({ cacheTime: 0 });
        if (record.status !== "mined" || record.minedHash !== receipt.transactionHash) {
          await recordStatus(store, key, "mined", { minedHash: receipt.transactionHash, blockNumber: receipt.blockNumber, blockHash: receipt.blockHash });
          emit({ type: "mined", key, hash: receipt.transactionHash, blockNumber: receipt.blockNumber });
        }
        if (head - receipt.blockNumber + 1n >= BigInt(confirmations)) {
          // The block may have been replaced while we counted: only a receipt from the canonical block counts.
          const block = await publicClient.getBlock({ blockNumber: receipt.blockNumber });
          if (block.hash === receipt.blockHash) return finish(record, receipt);
        }
      } else {
        if (record.status === "mined") {
          // A reorg took it out of the chain: it is pending again (and may be replaced like any other).
          await recordStatus(store, key, "pending");
        }
        const latest = await publicClient.getTransactionCount({ address, blockTag: "latest" });
        if (latest > record.nonce) {
          // The nonce is used. If not by one of our hashes (checked again: it may have been mined just now), it is gone.
          const late = await findReceipt(record.hashes);
          if (!late) {
            await recordStatus(store, key, "dropped", { error: `nonce ${record.nonce} was used by another transaction` });
            continue;
          }
          continue;
        }
        const stuck = Date.now() - record.lastBroadcastAt.getTime() >= replaceAfterMs;
        const lost = record.hashes.length > 0 && !(await nodeKnowsAny(record.hashes));
        if (lost || stuck || record.status === "sending") {
          if (latest < record.nonce && stuck) await fillGaps(record.nonce);
          await replace(record);
        }
      }
      await sleep(pollIntervalMs);
    }
  }

  async function finish(record: TxRecord, receipt: TransactionReceipt): Promise<TxRecord> {
    const final = {
      minedHash: receipt.transactionHash,
      blockNumber: receipt.blockNumber,
      blockHash: receipt.blockHash,
      gasUsed: receipt.gasUsed,
      effectiveGasPrice: receipt.effectiveGasPrice,
    };
    if (receipt.status === "success") {
      await recordStatus(store, record.key, "confirmed", final);
      emit({ type: "confirmed", key: record.key, hash: receipt.transactionHash, blockNumber: receipt.blockNumber });
      const done = await readTx(store, record.key);
      if (!done) throw new UnknownTransactionError(record.key);
      return done;
    }
    const reason = await revertReason(record, receipt.blockNumber);
    await recordStatus(store, record.key, "reverted", { ...final, error: reason?.message ?? null });
    emit({ type: "reverted", key: record.key, hash: receipt.transactionHash });
    throw new TransactionRevertedError(record.key, receipt.transactionHash, { details: reason?.shortMessage, cause: reason });
  }

  /** Replays a reverted transaction as a call at its block to learn why (best effort). */
  async function revertReason(record: TxRecord, blockNumber: bigint): Promise<ContractRevertError | undefined> {
    try {
      await publicClient.call({ account: address, to: record.to, data: record.data, value: record.value, gas: record.gas, blockNumber });
      return undefined;
    } catch (error) {
      return contractErrorFrom(error);
    }
  }

  return {
    address,
    send,
    wait,
    async sendAndWait(request) {
      const record = await send(request);
      return wait(record.key);
    },
    get: (key) => readTx(store, key),
    async open() {
      return readOpenTxs(store, await chainId(), address);
    },
    async close() {
      closed = true;
      for (const wake of [...sleepers]) wake();
      await lock.catch(() => {});
    },
  };
}

function sameIntent(existing: TxRecord, request: TxRequest, value: bigint): TxRecord {
  if (
    existing.to.toLowerCase() !== request.to.toLowerCase() ||
    existing.data.toLowerCase() !== request.data.toLowerCase() ||
    existing.value !== value
  ) {
    throw new TransactionKeyConflictError(request.key);
  }
  return existing;
}
