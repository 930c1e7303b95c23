import { getAddress, isAddress, type Address, type Hex, type PublicClient } from "viem";
import { soundmarkRegistryAbi } from "../chain/abi/SoundmarkRegistry.js";
import { hashTrackRecord, TrackKind, type TrackRecord } from "../chain/track-record.js";
import { VerifyChainError, VerifyInputError, VerifyIntegrityError } from "./errors.js";

/** Where a record came from on-chain: the transaction that registered it (or anchored its batch). */
export interface ChainEvent {
  transactionHash: Hex;
  blockNumber: bigint;
}

/** A full on-chain record: registered directly, or promoted from a batch (`promotedFrom`). */
export interface RegisteredRecord extends ChainEvent {
  record: TrackRecord;
  promotedFrom: Hex | null;
}

/** A Merkle root anchored on-chain, with the digest of the batch file that lists its records. */
export interface AnchoredBatch extends ChainEvent {
  root: Hex;
  anchorer: Address;
  size: number;
  leavesDigest: Hex;
}

export interface LicenceOnChain {
  licensee: Address;
  styleId: number;
  royaltyBps: number;
}

export interface RegistryReader {
  chainId: number;
  registry: Address;
  /** The block every answer of this reader is read at: one consistent view of the chain. */
  blockNumber: bigint;
  /** Every registered record, by content hash (lowercase 0x hex); each event's fields checked against the stored hash. */
  registeredRecords(): Promise<Map<Hex, RegisteredRecord>>;
  anchoredBatches(): Promise<AnchoredBatch[]>;
  /** The contract's own Merkle check (`verifyInclusion`): the anchorer anchored `root` and the proof shows the record. */
  verifyInclusion(root: Hex, record: TrackRecord, proof: readonly Hex[]): Promise<boolean>;
  styleArtist(styleId: number): Promise<Address | null>;
  licence(licenceId: bigint): Promise<LicenceOnChain | null>;
}

export interface CreateRegistryReaderParameters {
  publicClient: PublicClient;
  registry: string;
  /** Where to start reading events: the registry's deployment block (0 when unknown). */
  fromBlock?: bigint;
  /** Blocks per eth_getLogs request (10,000: what public nodes commonly accept). */
  logRange?: bigint;
}

const ZERO = `0x${"0".repeat(64)}`;
const KIND_OF = new Map<number, TrackRecord["kind"]>(Object.values(TrackKind).map((k) => [k, k]));

/**
 * Reads Soundmark's registry through any JSON-RPC node, pinned to the node's head at creation. Every record built
 * from a `TrackRegistered` event is re-hashed and compared with `recordHashOf`, so an event the node made up or
 * altered is caught rather than believed.
 *
 * @throws VerifyInputError for an address that is not one; VerifyChainError when the node is unreachable or the
 * address holds no registry.
 */
export async function createRegistryReader({ publicClient, registry, fromBlock = 0n, logRange = 10_000n }: CreateRegistryReaderParameters): Promise<RegistryReader> {
  if (!isAddress(registry, { strict: false })) throw new VerifyInputError(`not an address: ${String(registry).slice(0, 80)}`);
  if (logRange < 1n) throw new VerifyInputError(`logRange must be at least 1 block, got ${logRange}`);
  const address = getAddress(registry);
  let chainId: number;
  let blockNumber: bigint;
  try {
    [chainId, blockNumber] = await Promise.all([publicClient.getChainId(), publicClient.getBlockNumber({ cacheTime: 0 })]);
  } catch (cause) {
    throw new VerifyChainError("cannot reach the chain node", { details: messageOf(cause), cause });
  }
  const code = await publicClient.getCode({ address, blockNumber });
  if (!code || code === "0x") throw new VerifyChainError(`no contract at ${address} on chain ${chainId}`, { details: "check --registry (or the deployment file) and --rpc" });
  try {
    await publicClient.readContract({ address, abi: soundmarkRegistryAbi, functionName: "MAX_PARENTS", blockNumber });
  } catch (cause) {
    throw new VerifyChainError(`${address} is not a Soundmark registry`, { details: messageOf(cause), cause });
  }
  /** Logs of one event over [fromBlock, head], in ranges public nodes accept (many cap eth_getLogs at 10,000 blocks). */
  const events = async <E extends "TrackRegistered" | "TrackPromoted" | "BatchAnchored">(eventName: E) => {
    const out = [];
    for (let from = fromBlock; from <= blockNumber; from += logRange) {
      const to = from + logRange - 1n < blockNumber ? from + logRange - 1n : blockNumber;
      out.push(...(await publicClient.getContractEvents({ address, abi: soundmarkRegistryAbi, eventName, fromBlock: from, toBlock: to })));
    }
    return out;
  };
  const read = <T>(functionName: string, args: readonly unknown[]) =>
    publicClient.readContract({ address, abi: soundmarkRegistryAbi, functionName, args, blockNumber } as never) as Promise<T>;

  return {
    chainId,
    registry: address,
    blockNumber,
    async registeredRecords() {
      const [registered, promoted] = await Promise.all([
        events("TrackRegistered"),
        events("TrackPromoted"),
      ]);
      const roots = new Map(promoted.map((e) => [e.args.contentHash!.toLowerCase() as Hex, e.args.root!.toLowerCase() as Hex]));
      const out = new Map<Hex, RegisteredRecord>();
      for (const e of registered) {
        const kind = KIND_OF.get(Number(e.args.kind));
        if (kind === undefined) throw new VerifyIntegrityError(`a TrackRegistered event in ${e.transactionHash} has kind ${e.args.kind}`);
        const record: TrackRecord = {
          contentHash: e.args.contentHash!.toLowerCase() as Hex,
          registrant: getAddress(e.args.registrant!),
          kind,
          styleId: Number(e.args.styleId),
          licenceId: e.args.licenceId!,
          parents: e.args.parents!.map((p) => p.toLowerCase() as Hex),
          manifestDigest: e.args.manifestDigest!.toLowerCase() as Hex,
        };
        out.set(record.contentHash, { record, transactionHash: e.transactionHash, blockNumber: e.blockNumber, promotedFrom: roots.get(record.contentHash) ?? null });
      }
      // One call per record: the registry stores only the hash, so this is what makes the event's fields trustworthy.
      await Promise.all(
        [...out.values()].map(async ({ record, transactionHash }) => {
          const stored = await read<Hex>("recordHashOf", [record.contentHash]);
          if (stored === ZERO || stored.toLowerCase() !== hashTrackRecord(record).toLowerCase()) {
            throw new VerifyIntegrityError(`the TrackRegistered event of ${record.contentHash} in ${transactionHash} does not hash to the stored record`, {
              details: "the node returned an event that the registry's state contradicts: use another node",
            });
          }
        }),
      );
      return out;
    },
    async anchoredBatches() {
      const anchored = await events("BatchAnchored");
      return anchored.map((e) => ({
        root: e.args.root!.toLowerCase() as Hex,
        anchorer: getAddress(e.args.anchorer!),
        size: Number(e.args.size),
        leavesDigest: e.args.leavesDigest!.toLowerCase() as Hex,
        transactionHash: e.transactionHash,
        blockNumber: e.blockNumber,
      }));
    },
    verifyInclusion: (root, record, proof) => read<boolean>("verifyInclusion", [root, { ...record, parents: [...record.parents] }, [...proof]]),
    async styleArtist(styleId) {
      if (styleId === 0) return null;
      const [artist] = await read<readonly [Address]>("style", [BigInt(styleId)]);
      return /^0x0{40}$/.test(artist) ? null : getAddress(artist);
    },
    async licence(licenceId) {
      if (licenceId === 0n) return null;
      const l = await read<{ licensee: Address; styleId: number; royaltyBps: number }>("licence", [licenceId]);
      return /^0x0{40}$/.test(l.licensee) ? null : { licensee: getAddress(l.licensee), styleId: Number(l.styleId), royaltyBps: Number(l.royaltyBps) };
    },
  };
}

function messageOf(cause: unknown): string {
  if (cause && typeof cause === "object" && "shortMessage" in cause && typeof cause.shortMessage === "string") return cause.shortMessage;
  return cause instanceof Error ? cause.message.split("\n")[0]! : String(cause);
}
