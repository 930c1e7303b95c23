// Track records and Merkle batches (ITrackRegistry's events) as entities.
import { EventMeta } from "./event-meta";
import { EntityStore, Row } from "./row";
import { rawSha256Cid } from "./raw-cid";
import { useLicence } from "./style-registry";

/** The contract's TrackKind, by enum value. */
export const TRACK_KINDS: string[] = ["ORIGINAL", "GENERATED", "DERIVATIVE"];

export class TrackRegisteredInput {
  meta: EventMeta;
  contentHash: string;
  registrant: string;
  styleId: string;
  kind: i32;
  licenceId: string;
  parents: string[];
  manifestDigest: string;

  constructor(
    meta: EventMeta,
    contentHash: string,
    registrant: string,
    styleId: string,
    kind: i32,
    licenceId: string,
    parents: string[],
    manifestDigest: string,
  ) {
    this.meta = meta;
    this.contentHash = contentHash.toLowerCase();
    this.registrant = registrant.toLowerCase();
    this.styleId = styleId;
    this.kind = kind;
    this.licenceId = licenceId;
    const lower: string[] = [];
    for (let i = 0; i < parents.length; i++) lower.push((parents[i] as string).toLowerCase());
    this.parents = lower;
    this.manifestDigest = manifestDigest.toLowerCase();
  }
}

export class TrackPromotedInput {
  meta: EventMeta;
  contentHash: string;
  root: string;

  constructor(meta: EventMeta, contentHash: string, root: string) {
    this.meta = meta;
    this.contentHash = contentHash.toLowerCase();
    this.root = root.toLowerCase();
  }
}

export class BatchAnchoredInput {
  meta: EventMeta;
  root: string;
  anchorer: string;
  size: string;
  leavesDigest: string;

  constructor(meta: EventMeta, root: string, anchorer: string, size: string, leavesDigest: string) {
    this.meta = meta;
    this.root = root.toLowerCase();
    this.anchorer = anchorer.toLowerCase();
    this.size = size;
    this.leavesDigest = leavesDigest.toLowerCase();
  }
}

/** Batches are keyed by anchorer and root, as in the contract. */
export function batchId(anchorer: string, root: string): string {
  return anchorer.toLowerCase() + "-" + root.toLowerCase();
}

export function onTrackRegistered(store: EntityStore, e: TrackRegisteredInput): void {
  if (e.kind < 0 || e.kind >= TRACK_KINDS.length) throw new Error("unknown track kind " + e.kind.toString());
  const track = new Row("Track", e.contentHash);
  track.setBytes("contentHash", e.contentHash);
  track.setBytes("registrant", e.registrant);
  track.setString("kind", TRACK_KINDS[e.kind] as string);
  if (e.styleId == "0") {
    track.setNull("style");
  } else {
    const style = store.require("Style", e.styleId);
    style.setInt("trackCount", style.int("trackCount") + 1);
    store.save(style);
    track.setString("style", e.styleId);
  }
  if (e.licenceId == "0") {
    track.setNull("licence");
  } else {
    useLicence(store, e.licenceId);
    track.setString("licence", e.licenceId);
  }
  track.setStringList("parents", e.parents);
  track.setBytes("manifestDigest", e.manifestDigest);
  track.setString("manifestCid", rawSha256Cid(e.manifestDigest));
  track.setNull("batch");
  track.setNull("token");
  track.setBigInt("registeredAt", e.meta.timestamp);
  track.setBigInt("registeredAtBlock", e.meta.blockNumber);
  track.setBytes("transactionHash", e.meta.transactionHash);
  track.setBigInt("logIndex", e.meta.logIndex);
  store.save(track);
}

/** Follows the `TrackRegistered` of a promotion: the record came from a batch its registrant anchored. */
export function onTrackPromoted(store: EntityStore, e: TrackPromotedInput): void {
  const track = store.require("Track", e.contentHash);
  const batch = store.require("Batch", batchId(track.text("registrant"), e.root));
  batch.setInt("promotedCount", batch.int("promotedCount") + 1);
  store.save(batch);
  track.setString("batch", batch.id);
  store.save(track);
}

export function onBatchAnchored(store: EntityStore, e: BatchAnchoredInput): void {
  const batch = new Row("Batch", batchId(e.anchorer, e.root));
  batch.setBytes("root", e.root);
  batch.setBytes("anchorer", e.anchorer);
  batch.setBigInt("size", e.size);
  batch.setBytes("leavesDigest", e.leavesDigest);
  batch.setString("leavesCid", rawSha256Cid(e.leavesDigest));
  batch.setInt("promotedCount", 0);
  batch.setBigInt("anchoredAt", e.meta.timestamp);
  batch.setBigInt("anchoredAtBlock", e.meta.blockNumber);
  batch.setBytes("transactionHash", e.meta.transactionHash);
  store.save(batch);
}
