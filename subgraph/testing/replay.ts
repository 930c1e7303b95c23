// Replays a chain's logs through the subgraph's pure logic: the TypeScript twin of src/mappings/*.ts (which do the
// same conversions from graph-ts events). Logs are decoded with the generated ABIs, in chain order.
import { decodeEventLog, type Abi, type Hex, type Log, type PublicClient } from "viem";
import { soundmarkRegistryAbi } from "../../server/src/chain/abi/SoundmarkRegistry.js";
import { trackNFTAbi } from "../../server/src/chain/abi/TrackNFT.js";
import type { Deployment } from "../../server/src/chain/deployment.js";
import { EventMeta } from "../src/logic/event-meta";
import type { EntityStore } from "../src/logic/row";
import * as styles from "../src/logic/style-registry";
import * as tracks from "../src/logic/track-registry";
import * as payments from "../src/logic/pull-payments";
import * as nft from "../src/logic/track-nft";
import * as roles from "../src/logic/access-control";
import { onPauseChanged } from "../src/logic/pausable";
import type { LicenceTerms } from "../../server/src/chain/licence-terms.js";

type Args = Record<string, unknown>;

const s = (v: unknown) => String(v);
const n = (v: unknown) => Number(v);

type TermsArg = LicenceTerms;

function terms(t: TermsArg): styles.TermsInput {
  return new styles.TermsInput(s(t.fee), t.royaltyBps, s(t.duration), t.maxTracks, t.commercial, t.derivatives, t.purchasable);
}

/** Handlers shared by both contracts (PullPayments, AccessControl, Pausable). */
function common(store: EntityStore, name: string, m: EventMeta, a: Args): boolean {
  switch (name) {
    case "PaymentCredited":
      payments.onPaymentCredited(store, new payments.PaymentCreditedInput(m, s(a.payee), s(a.amount)));
      return true;
    case "PaymentWithdrawn":
      payments.onPaymentWithdrawn(store, new payments.PaymentWithdrawnInput(m, s(a.payee), s(a.recipient), s(a.amount)));
      return true;
    case "RoleGranted":
    case "RoleRevoked":
      roles.onRoleChanged(store, new roles.RoleChangedInput(m, s(a.role), s(a.account), name === "RoleGranted"));
      return true;
    case "Paused":
    case "Unpaused":
      onPauseChanged(store, m, name === "Paused");
      return true;
    default:
      return false;
  }
}

function registryEvent(store: EntityStore, name: string, m: EventMeta, a: Args): void {
  switch (name) {
    case "StyleRegistered":
      return styles.onStyleRegistered(store, new styles.StyleRegisteredInput(m, s(a.styleId), s(a.artist), s(a.metadataURI), terms(a.terms as TermsArg)));
    case "StyleMetadataUpdated":
      return styles.onStyleMetadataUpdated(store, new styles.StyleMetadataUpdatedInput(m, s(a.styleId), s(a.metadataURI)));
    case "StyleTermsUpdated":
      return styles.onStyleTermsUpdated(store, new styles.StyleTermsUpdatedInput(m, s(a.styleId), n(a.termsVersion), terms(a.terms as TermsArg)));
    case "LicenceIssued":
      return styles.onLicenceIssued(
        store,
        new styles.LicenceIssuedInput(m, s(a.licenceId), s(a.styleId), s(a.licensee), s(a.expiresAt), n(a.maxTracks), n(a.royaltyBps), a.commercial as boolean, a.derivatives as boolean, a.bySignature as boolean, s(a.feePaid)),
      );
    case "LicenceRevoked":
      return styles.onLicenceRevoked(store, new styles.LicenceRevokedInput(m, s(a.licenceId), s(a.styleId), s(a.revokedAt)));
    case "NonceCancelled":
      return styles.onNonceCancelled(store, new styles.NonceCancelledInput(m, s(a.artist), s(a.nonce)));
    case "TrackRegistered":
      return tracks.onTrackRegistered(
        store,
        new tracks.TrackRegisteredInput(m, s(a.contentHash), s(a.registrant), s(a.styleId), n(a.kind), s(a.licenceId), (a.parents as Hex[]).map(s), s(a.manifestDigest)),
      );
    case "TrackPromoted":
      return tracks.onTrackPromoted(store, new tracks.TrackPromotedInput(m, s(a.contentHash), s(a.root)));
    case "BatchAnchored":
      return tracks.onBatchAnchored(store, new tracks.BatchAnchoredInput(m, s(a.root), s(a.anchorer), s(a.size), s(a.leavesDigest)));
    default:
      if (!common(store, name, m, a)) throw new Error(`SoundmarkRegistry event ${name} has no handler`);
  }
}

function nftEvent(store: EntityStore, name: string, m: EventMeta, a: Args): void {
  switch (name) {
    case "TrackListed":
      return nft.onTrackListed(store, new nft.TrackListedInput(m, s(a.tokenId), s(a.registrant), s(a.price), s(a.artist), n(a.royaltyBps)));
    case "TrackDelisted":
      return nft.onTrackDelisted(store, new nft.TrackDelistedInput(m, s(a.tokenId)));
    case "TrackSold":
      return nft.onTrackSold(store, new nft.TrackSoldInput(m, s(a.tokenId), s(a.to), s(a.price)));
    case "SaleSettled":
      return nft.onSaleSettled(store, new nft.SaleSettledInput(m, s(a.tokenId), s(a.artist), s(a.artistShare), s(a.registrant), s(a.registrantShare)));
    case "Transfer":
      return nft.onTransfer(store, new nft.TransferInput(m, s(a.from), s(a.to), s(a.tokenId)));
    case "Approval":
      return nft.onApproval(store, new nft.ApprovalInput(m, s(a.owner), s(a.approved), s(a.tokenId)));
    case "ApprovalForAll":
      return nft.onApprovalForAll(store, new nft.ApprovalForAllInput(m, s(a.owner), s(a.operator), a.approved as boolean));
    default:
      if (!common(store, name, m, a)) throw new Error(`TrackNFT event ${name} has no handler`);
  }
}

export interface ReplayLogsParameters {
  publicClient: PublicClient;
  deployment: Deployment;
  store: EntityStore;
  toBlock?: bigint;
}

export interface ReplayLogsReturnType {
  events: number;
  /** `<Contract>.<Event>` of every event applied. */
  names: Set<string>;
}

/** Fetches both contracts' logs from their deployment blocks and applies each to the store, in chain order. */
export async function replayLogs({ publicClient, deployment, store, toBlock }: ReplayLogsParameters): Promise<ReplayLogsReturnType> {
  const registry = deployment.contracts.SoundmarkRegistry;
  const token = deployment.contracts.TrackNFT;
  const logs = await publicClient.getLogs({
    address: [registry.address, token.address],
    fromBlock: BigInt(Math.min(registry.blockNumber, token.blockNumber)),
    toBlock: toBlock ?? "latest",
  });
  const timestamps = new Map<bigint, bigint>();
  const names = new Set<string>();
  for (const log of logs) {
    const blockNumber = log.blockNumber!;
    if (!timestamps.has(blockNumber)) {
      timestamps.set(blockNumber, (await publicClient.getBlock({ blockNumber })).timestamp);
    }
    names.add(applyLog(store, log, registry.address, timestamps.get(blockNumber)!));
  }
  return { events: logs.length, names };
}

/** Decodes one log of either contract and applies it; returns `<Contract>.<Event>`. */
export function applyLog(store: EntityStore, log: Log, registryAddress: Hex, timestamp: bigint): string {
  const isRegistry = log.address.toLowerCase() === registryAddress.toLowerCase();
  const abi: Abi = isRegistry ? soundmarkRegistryAbi : trackNFTAbi;
  const { eventName, args } = decodeEventLog({ abi, data: log.data, topics: log.topics, strict: true });
  if (!eventName) throw new Error(`log ${log.transactionHash}:${log.logIndex} matches no event of the ABI`);
  const meta = new EventMeta(log.address, s(log.blockNumber), s(timestamp), s(log.transactionHash), s(log.logIndex));
  if (isRegistry) registryEvent(store, eventName, meta, (args ?? {}) as Args);
  else nftEvent(store, eventName, meta, (args ?? {}) as Args);
  return `${isRegistry ? "SoundmarkRegistry" : "TrackNFT"}.${eventName}`;
}
