// Styles, licence terms and licences (IStyleRegistry's events) as entities.
import { EventMeta } from "./event-meta";
import { EntityStore, Row } from "./row";
import { minDecimal } from "./decimal";

/** `Licence.remaining` of a licence without a track cap (the contract's LicenceFlags.UNLIMITED). */
export const UNLIMITED_TRACKS: i32 = 16777215;

/** The LicenceTerms struct of the events. */
export class TermsInput {
  fee: string;
  royaltyBps: i32;
  duration: string;
  maxTracks: i32;
  commercial: bool;
  derivatives: bool;
  purchasable: bool;

  constructor(
    fee: string,
    royaltyBps: i32,
    duration: string,
    maxTracks: i32,
    commercial: bool,
    derivatives: bool,
    purchasable: bool,
  ) {
    this.fee = fee;
    this.royaltyBps = royaltyBps;
    this.duration = duration;
    this.maxTracks = maxTracks;
    this.commercial = commercial;
    this.derivatives = derivatives;
    this.purchasable = purchasable;
  }
}

export class StyleRegisteredInput {
  meta: EventMeta;
  styleId: string;
  artist: string;
  metadataURI: string;
  terms: TermsInput;

  constructor(meta: EventMeta, styleId: string, artist: string, metadataURI: string, terms: TermsInput) {
    this.meta = meta;
    this.styleId = styleId;
    this.artist = artist.toLowerCase();
    this.metadataURI = metadataURI;
    this.terms = terms;
  }
}

export class StyleMetadataUpdatedInput {
  meta: EventMeta;
  styleId: string;
  metadataURI: string;

  constructor(meta: EventMeta, styleId: string, metadataURI: string) {
    this.meta = meta;
    this.styleId = styleId;
    this.metadataURI = metadataURI;
  }
}

export class StyleTermsUpdatedInput {
  meta: EventMeta;
  styleId: string;
  termsVersion: i32;
  terms: TermsInput;

  constructor(meta: EventMeta, styleId: string, termsVersion: i32, terms: TermsInput) {
    this.meta = meta;
    this.styleId = styleId;
    this.termsVersion = termsVersion;
    this.terms = terms;
  }
}

export class LicenceIssuedInput {
  meta: EventMeta;
  licenceId: string;
  styleId: string;
  licensee: string;
  expiresAt: string;
  maxTracks: i32;
  royaltyBps: i32;
  commercial: bool;
  derivatives: bool;
  bySignature: bool;
  feePaid: string;

  constructor(
    meta: EventMeta,
    licenceId: string,
    styleId: string,
    licensee: string,
    expiresAt: string,
    maxTracks: i32,
    royaltyBps: i32,
    commercial: bool,
    derivatives: bool,
    bySignature: bool,
    feePaid: string,
  ) {
    this.meta = meta;
    this.licenceId = licenceId;
    this.styleId = styleId;
    this.licensee = licensee.toLowerCase();
    this.expiresAt = expiresAt;
    this.maxTracks = maxTracks;
    this.royaltyBps = royaltyBps;
    this.commercial = commercial;
    this.derivatives = derivatives;
    this.bySignature = bySignature;
    this.feePaid = feePaid;
  }
}

export class LicenceRevokedInput {
  meta: EventMeta;
  licenceId: string;
  styleId: string;
  revokedAt: string;

  constructor(meta: EventMeta, licenceId: string, styleId: string, revokedAt: string) {
    this.meta = meta;
    this.licenceId = licenceId;
    this.styleId = styleId;
    this.revokedAt = revokedAt;
  }
}

export class NonceCancelledInput {
  meta: EventMeta;
  artist: string;
  nonce: string;

  constructor(meta: EventMeta, artist: string, nonce: string) {
    this.meta = meta;
    this.artist = artist.toLowerCase();
    this.nonce = nonce;
  }
}

/** The id of version `version` of a style's terms. */
export function termsId(styleId: string, version: i32): string {
  return styleId + "-" + version.toString();
}

function saveTerms(store: EntityStore, meta: EventMeta, styleId: string, version: i32, terms: TermsInput): string {
  const row = new Row("LicenceTerms", termsId(styleId, version));
  row.setString("style", styleId);
  row.setInt("version", version);
  row.setBigInt("fee", terms.fee);
  row.setInt("royaltyBps", terms.royaltyBps);
  row.setBigInt("duration", terms.duration);
  row.setInt("maxTracks", terms.maxTracks);
  row.setBoolean("commercial", terms.commercial);
  row.setBoolean("derivatives", terms.derivatives);
  row.setBoolean("purchasable", terms.purchasable);
  row.setBigInt("setAt", meta.timestamp);
  row.setBigInt("setAtBlock", meta.blockNumber);
  row.setBytes("transactionHash", meta.transactionHash);
  store.save(row);
  return row.id;
}

export function onStyleRegistered(store: EntityStore, e: StyleRegisteredInput): void {
  let artist = store.load("Artist", e.artist);
  if (artist == null) {
    artist = new Row("Artist", e.artist);
    artist.setBytes("address", e.artist);
    artist.setInt("styleCount", 0);
    artist.setBigInt("firstStyleBlock", e.meta.blockNumber);
  }
  const a = artist as Row;
  a.setInt("styleCount", a.int("styleCount") + 1);
  store.save(a);

  const style = new Row("Style", e.styleId);
  style.setBigInt("styleId", e.styleId);
  style.setString("artist", e.artist);
  style.setString("metadataURI", e.metadataURI);
  style.setString("terms", saveTerms(store, e.meta, e.styleId, 1, e.terms));
  style.setInt("termsVersion", 1);
  style.setInt("licenceCount", 0);
  style.setInt("trackCount", 0);
  style.setBigInt("registeredAt", e.meta.timestamp);
  style.setBigInt("registeredAtBlock", e.meta.blockNumber);
  style.setBytes("transactionHash", e.meta.transactionHash);
  store.save(style);
}

export function onStyleMetadataUpdated(store: EntityStore, e: StyleMetadataUpdatedInput): void {
  const style = store.require("Style", e.styleId);
  style.setString("metadataURI", e.metadataURI);
  store.save(style);
}

export function onStyleTermsUpdated(store: EntityStore, e: StyleTermsUpdatedInput): void {
  const style = store.require("Style", e.styleId);
  style.setString("terms", saveTerms(store, e.meta, e.styleId, e.termsVersion, e.terms));
  style.setInt("termsVersion", e.termsVersion);
  store.save(style);
}

export function onLicenceIssued(store: EntityStore, e: LicenceIssuedInput): void {
  const style = store.require("Style", e.styleId);
  style.setInt("licenceCount", style.int("licenceCount") + 1);
  store.save(style);

  const licence = new Row("Licence", e.licenceId);
  licence.setBigInt("licenceId", e.licenceId);
  licence.setString("style", e.styleId);
  licence.setBytes("licensee", e.licensee);
  // A bought licence is issued at the style's current terms (buyLicence reverts if they changed); a signed grant
  // carries its own terms.
  if (e.bySignature) licence.setNull("terms");
  else licence.setString("terms", style.text("terms"));
  licence.setBigInt("expiresAt", e.expiresAt);
  licence.setInt("maxTracks", e.maxTracks);
  licence.setInt("remaining", e.maxTracks == 0 ? UNLIMITED_TRACKS : e.maxTracks);
  licence.setInt("royaltyBps", e.royaltyBps);
  licence.setBoolean("commercial", e.commercial);
  licence.setBoolean("derivatives", e.derivatives);
  licence.setBoolean("bySignature", e.bySignature);
  licence.setBigInt("feePaid", e.feePaid);
  licence.setBoolean("revoked", false);
  licence.setNull("revokedAt");
  licence.setInt("trackCount", 0);
  licence.setBigInt("issuedAt", e.meta.timestamp);
  licence.setBigInt("issuedAtBlock", e.meta.blockNumber);
  licence.setBytes("transactionHash", e.meta.transactionHash);
  store.save(licence);
}

export function onLicenceRevoked(store: EntityStore, e: LicenceRevokedInput): void {
  const licence = store.require("Licence", e.licenceId);
  licence.setBoolean("revoked", true);
  licence.setBigInt("revokedAt", e.revokedAt);
  // As the contract does: the expiry moves to the revocation time, so "valid at t" stays one comparison.
  licence.setBigInt("expiresAt", minDecimal(licence.text("expiresAt"), e.revokedAt));
  store.save(licence);
}

export function onNonceCancelled(store: EntityStore, e: NonceCancelledInput): void {
  const row = new Row("CancelledNonce", e.artist + "-" + e.nonce);
  row.setBytes("artist", e.artist);
  row.setBigInt("nonce", e.nonce);
  row.setBigInt("cancelledAtBlock", e.meta.blockNumber);
  row.setBytes("transactionHash", e.meta.transactionHash);
  store.save(row);
}

/** Counts one more track registered under the licence, as the contract's cap does. */
export function useLicence(store: EntityStore, licenceId: string): void {
  const licence = store.require("Licence", licenceId);
  const remaining = licence.int("remaining");
  if (remaining != UNLIMITED_TRACKS) {
    if (remaining == 0) throw new Error("licence " + licenceId + " registered a track past its cap");
    licence.setInt("remaining", remaining - 1);
  }
  licence.setInt("trackCount", licence.int("trackCount") + 1);
  store.save(licence);
}
