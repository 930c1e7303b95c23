// Listings, sales and ownership of track tokens (ITrackNFT's events and ERC-721 Transfer) as entities.
import { EventMeta } from "./event-meta";
import { EntityStore, Row } from "./row";
import { decimalToHex } from "./decimal";

export const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

export class TrackListedInput {
  meta: EventMeta;
  tokenId: string;
  registrant: string;
  price: string;
  artist: string;
  royaltyBps: i32;

  constructor(meta: EventMeta, tokenId: string, registrant: string, price: string, artist: string, royaltyBps: i32) {
    this.meta = meta;
    this.tokenId = tokenId;
    this.registrant = registrant.toLowerCase();
    this.price = price;
    this.artist = artist.toLowerCase();
    this.royaltyBps = royaltyBps;
  }
}

export class TrackDelistedInput {
  meta: EventMeta;
  tokenId: string;

  constructor(meta: EventMeta, tokenId: string) {
    this.meta = meta;
    this.tokenId = tokenId;
  }
}

export class TrackSoldInput {
  meta: EventMeta;
  tokenId: string;
  to: string;
  price: string;

  constructor(meta: EventMeta, tokenId: string, to: string, price: string) {
    this.meta = meta;
    this.tokenId = tokenId;
    this.to = to.toLowerCase();
    this.price = price;
  }
}

export class SaleSettledInput {
  meta: EventMeta;
  tokenId: string;
  artist: string;
  artistShare: string;
  registrant: string;
  registrantShare: string;

  constructor(
    meta: EventMeta,
    tokenId: string,
    artist: string,
    artistShare: string,
    registrant: string,
    registrantShare: string,
  ) {
    this.meta = meta;
    this.tokenId = tokenId;
    this.artist = artist.toLowerCase();
    this.artistShare = artistShare;
    this.registrant = registrant.toLowerCase();
    this.registrantShare = registrantShare;
  }
}

export class TransferInput {
  meta: EventMeta;
  from: string;
  to: string;
  tokenId: string;

  constructor(meta: EventMeta, from: string, to: string, tokenId: string) {
    this.meta = meta;
    this.from = from.toLowerCase();
    this.to = to.toLowerCase();
    this.tokenId = tokenId;
  }
}

/** The track of a token: token id = uint256(content hash). */
export function trackIdOfToken(tokenId: string): string {
  return decimalToHex(tokenId, 32);
}

export function onTrackListed(store: EntityStore, e: TrackListedInput): void {
  const trackId = trackIdOfToken(e.tokenId);
  const track = store.require("Track", trackId);
  let token = store.load("Token", e.tokenId);
  if (token == null) {
    token = new Row("Token", e.tokenId);
    token.setBigInt("tokenId", e.tokenId);
    token.setString("track", trackId);
    token.setNull("owner");
    token.setNull("approved");
    token.setNull("sale");
  }
  const t = token as Row;
  // A relisting replaces the offer, as the contract's listing does.
  t.setString("status", "LISTED");
  t.setBytes("registrant", e.registrant);
  t.setBigInt("price", e.price);
  t.setBytes("artist", e.artist);
  t.setInt("royaltyBps", e.royaltyBps);
  t.setBigInt("listedAt", e.meta.timestamp);
  t.setBigInt("listedAtBlock", e.meta.blockNumber);
  t.setBigInt("updatedAtBlock", e.meta.blockNumber);
  store.save(t);
  track.setString("token", e.tokenId);
  store.save(track);
}

export function onTrackDelisted(store: EntityStore, e: TrackDelistedInput): void {
  const token = store.require("Token", e.tokenId);
  token.setString("status", "DELISTED");
  token.setBigInt("updatedAtBlock", e.meta.blockNumber);
  store.save(token);
}

export function onTrackSold(store: EntityStore, e: TrackSoldInput): void {
  const token = store.require("Token", e.tokenId);
  const sale = new Row("Sale", e.tokenId);
  sale.setString("token", e.tokenId);
  sale.setBytes("buyer", e.to);
  sale.setBigInt("price", e.price);
  sale.setBigInt("soldAt", e.meta.timestamp);
  sale.setBigInt("soldAtBlock", e.meta.blockNumber);
  sale.setBytes("transactionHash", e.meta.transactionHash);
  sale.setBoolean("settled", false);
  sale.setNull("artist");
  sale.setNull("artistShare");
  sale.setNull("registrant");
  sale.setNull("registrantShare");
  sale.setNull("settledAt");
  sale.setNull("settleTransactionHash");
  store.save(sale);
  token.setString("status", "SOLD");
  token.setString("sale", sale.id);
  token.setBigInt("updatedAtBlock", e.meta.blockNumber);
  store.save(token);
}

export function onSaleSettled(store: EntityStore, e: SaleSettledInput): void {
  const sale = store.require("Sale", e.tokenId);
  sale.setBoolean("settled", true);
  sale.setBytes("artist", e.artist);
  sale.setBigInt("artistShare", e.artistShare);
  sale.setBytes("registrant", e.registrant);
  sale.setBigInt("registrantShare", e.registrantShare);
  sale.setBigInt("settledAt", e.meta.timestamp);
  sale.setBytes("settleTransactionHash", e.meta.transactionHash);
  store.save(sale);
}

/** ERC-721 Transfer: the mint (from zero) and every later transfer move the owner. */
export function onTransfer(store: EntityStore, e: TransferInput): void {
  const token = store.require("Token", e.tokenId);
  if (e.to == ZERO_ADDRESS) token.setNull("owner");
  else token.setBytes("owner", e.to);
  // OpenZeppelin's ERC-721 clears the approval on every transfer without an Approval event.
  token.setNull("approved");
  token.setBigInt("updatedAtBlock", e.meta.blockNumber);
  store.save(token);
}

export class ApprovalInput {
  meta: EventMeta;
  owner: string;
  approved: string;
  tokenId: string;

  constructor(meta: EventMeta, owner: string, approved: string, tokenId: string) {
    this.meta = meta;
    this.owner = owner.toLowerCase();
    this.approved = approved.toLowerCase();
    this.tokenId = tokenId;
  }
}

export class ApprovalForAllInput {
  meta: EventMeta;
  owner: string;
  operator: string;
  approved: bool;

  constructor(meta: EventMeta, owner: string, operator: string, approved: bool) {
    this.meta = meta;
    this.owner = owner.toLowerCase();
    this.operator = operator.toLowerCase();
    this.approved = approved;
  }
}

export function onApproval(store: EntityStore, e: ApprovalInput): void {
  const token = store.require("Token", e.tokenId);
  if (e.approved == ZERO_ADDRESS) token.setNull("approved");
  else token.setBytes("approved", e.approved);
  token.setBigInt("updatedAtBlock", e.meta.blockNumber);
  store.save(token);
}

export function onApprovalForAll(store: EntityStore, e: ApprovalForAllInput): void {
  const row = new Row("OperatorApproval", e.owner + "-" + e.operator);
  row.setBytes("owner", e.owner);
  row.setBytes("operator", e.operator);
  row.setBoolean("approved", e.approved);
  row.setBigInt("updatedAtBlock", e.meta.blockNumber);
  store.save(row);
}
