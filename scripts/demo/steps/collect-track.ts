import { parseEther, parseEventLogs, type Hex } from "viem";
import { soundmarkRegistryAbi } from "../../../server/src/chain/abi/SoundmarkRegistry.js";
import { trackNFTAbi } from "../../../server/src/chain/abi/TrackNFT.js";
import type { ConnectChainReturnType } from "../../../server/src/chain/connect.js";
import type { TrackKind, TrackRecord } from "../../../server/src/chain/track-record.js";
import { RECEIPT_POLL_MS } from "../chain-accounts.js";
import { DemoError } from "../demo-error.js";
import type { DemoStack } from "../demo-stack.js";

export interface CollectedTrack {
  tokenId: bigint;
  price: bigint;
  collector: Hex;
  listTransaction: Hex;
  mintTransaction: Hex;
  settleTransaction: Hex;
  withdrawTransaction: Hex;
  /** What the artist was credited and withdrew (royaltyBps of the price); the registrant is credited the rest. */
  artistShare: bigint;
  registrantShare: bigint;
}

export interface CollectTrackParameters {
  stack: DemoStack;
  sha256: string;
  /** The server's signer (it registered the track, so it lists it). */
  registrant: ConnectChainReturnType;
  collector: ConnectChainReturnType;
  artist: ConnectChainReturnType;
  price?: bigint;
}

/**
 * TrackNFT: the registrant lists the track (its on-chain record, checked by the contract) at a price, the collector
 * mints it paying that price, anyone settles the sale (the artist is credited the licence's royalty, the registrant
 * the rest), and the artist withdraws (pull payments).
 */
export async function collectTrack({ stack, sha256, registrant, collector, artist, price = parseEther("0.05") }: CollectTrackParameters): Promise<CollectedTrack> {
  const nft = stack.contracts.TrackNFT;
  const contentHash = `0x${sha256}` as Hex;
  const tokenId = BigInt(contentHash);
  const record = await registeredRecord(stack, registrant, contentHash);
  if (record.registrant.toLowerCase() !== registrant.walletClient.account.address.toLowerCase()) {
    throw new DemoError(`the track was registered by ${record.registrant}, not by ${registrant.walletClient.account.address}`);
  }

  const send = async (who: ConnectChainReturnType, functionName: "list" | "mint" | "settle" | "withdraw", args: readonly unknown[], value?: bigint) => {
    const hash = await who.walletClient.writeContract({
      address: nft,
      abi: trackNFTAbi,
      functionName,
      args: args as never,
      ...(value !== undefined ? { value } : {}),
    } as never);
    const receipt = await who.publicClient.waitForTransactionReceipt({ hash, pollingInterval: RECEIPT_POLL_MS });
    if (receipt.status !== "success") throw new DemoError(`TrackNFT.${functionName} reverted`, { details: `transaction ${hash}` });
    return receipt;
  };

  const listed = await send(registrant, "list", [record, price]);
  const collectorAddress = collector.walletClient.account.address;
  const minted = await send(collector, "mint", [tokenId, collectorAddress], price);
  const settled = await send(collector, "settle", [[tokenId]]);
  const [sale] = parseEventLogs({ abi: trackNFTAbi, logs: settled.logs, eventName: "SaleSettled" });
  if (!sale) throw new DemoError("TrackNFT.settle did not settle the sale", { details: `transaction ${settled.transactionHash}` });
  const artistAddress = artist.walletClient.account.address;
  if (sale.args.artist.toLowerCase() !== artistAddress.toLowerCase()) {
    throw new DemoError(`the royalty went to ${sale.args.artist}, not to the artist ${artistAddress}`);
  }
  const owner = await collector.publicClient.readContract({ address: nft, abi: trackNFTAbi, functionName: "ownerOf", args: [tokenId] });
  if (owner.toLowerCase() !== collectorAddress.toLowerCase()) throw new DemoError(`token ${tokenId} belongs to ${owner}, not to the collector`);

  const credited = await artist.publicClient.readContract({ address: nft, abi: trackNFTAbi, functionName: "withdrawable", args: [artistAddress] });
  const before = await artist.publicClient.getBalance({ address: artistAddress });
  const withdrawn = await send(artist, "withdraw", [artistAddress]);
  const after = await artist.publicClient.getBalance({ address: artistAddress });
  const received = after - before + withdrawn.gasUsed * withdrawn.effectiveGasPrice;
  if (received !== credited || credited !== sale.args.artistShare) {
    throw new DemoError("the artist did not receive the royalty", { details: `credited ${credited}, received ${received}, settled ${sale.args.artistShare}` });
  }
  return {
    tokenId,
    price,
    collector: collectorAddress,
    listTransaction: listed.transactionHash,
    mintTransaction: minted.transactionHash,
    settleTransaction: settled.transactionHash,
    withdrawTransaction: withdrawn.transactionHash,
    artistShare: sale.args.artistShare,
    registrantShare: sale.args.registrantShare,
  };
}

/** The track's record as the registry stored it, rebuilt from its TrackRegistered event (list() checks its hash). */
async function registeredRecord(stack: DemoStack, reader: ConnectChainReturnType, contentHash: Hex): Promise<TrackRecord> {
  const logs = await reader.publicClient.getContractEvents({
    address: stack.contracts.SoundmarkRegistry,
    abi: soundmarkRegistryAbi,
    eventName: "TrackRegistered",
    args: { contentHash },
    fromBlock: 0n,
  });
  const [event] = parseEventLogs({ abi: soundmarkRegistryAbi, logs, eventName: "TrackRegistered" });
  if (!event) throw new DemoError(`no TrackRegistered event for ${contentHash} on the registry`);
  const { registrant, kind, styleId, licenceId, parents, manifestDigest } = event.args;
  return { contentHash, registrant, kind: kind as TrackKind, styleId, licenceId, parents, manifestDigest };
}
