// SoundmarkRegistry's events (StyleRegistry + TrackRegistry + PullPayments + AccessControl + Pausable): one plain
// function per event that converts the graph-ts event into the logic's input and applies the pure logic.
import { Bytes } from "@graphprotocol/graph-ts";
import {
  BatchAnchored,
  LicenceIssued,
  LicenceRevoked,
  NonceCancelled,
  Paused,
  PaymentCredited,
  PaymentWithdrawn,
  RoleGranted,
  RoleRevoked,
  StyleMetadataUpdated,
  StyleRegistered,
  StyleRegisteredTermsStruct,
  StyleTermsUpdated,
  StyleTermsUpdatedTermsStruct,
  TrackPromoted,
  TrackRegistered,
  Unpaused,
} from "../../generated/SoundmarkRegistry/SoundmarkRegistry";
import { GraphStore, metaOf } from "./graph-store";
import {
  LicenceIssuedInput,
  LicenceRevokedInput,
  NonceCancelledInput,
  StyleMetadataUpdatedInput,
  StyleRegisteredInput,
  StyleTermsUpdatedInput,
  TermsInput,
  onLicenceIssued,
  onLicenceRevoked,
  onNonceCancelled,
  onStyleMetadataUpdated,
  onStyleRegistered,
  onStyleTermsUpdated,
} from "../logic/style-registry";
import {
  BatchAnchoredInput,
  TrackPromotedInput,
  TrackRegisteredInput,
  onBatchAnchored,
  onTrackPromoted,
  onTrackRegistered,
} from "../logic/track-registry";
import { PaymentCreditedInput, PaymentWithdrawnInput, onPaymentCredited, onPaymentWithdrawn } from "../logic/pull-payments";
import { RoleChangedInput, onRoleChanged } from "../logic/access-control";
import { onPauseChanged } from "../logic/pausable";

function termsOf(t: StyleRegisteredTermsStruct): TermsInput {
  return new TermsInput(
    t.fee.toString(),
    t.royaltyBps,
    t.duration.toString(),
    t.maxTracks,
    t.commercial,
    t.derivatives,
    t.purchasable,
  );
}

function updatedTermsOf(t: StyleTermsUpdatedTermsStruct): TermsInput {
  return new TermsInput(
    t.fee.toString(),
    t.royaltyBps,
    t.duration.toString(),
    t.maxTracks,
    t.commercial,
    t.derivatives,
    t.purchasable,
  );
}

function hexList(list: Bytes[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < list.length; i++) out.push(list[i].toHexString());
  return out;
}

export function handleStyleRegistered(event: StyleRegistered): void {
  const p = event.params;
  onStyleRegistered(
    new GraphStore(),
    new StyleRegisteredInput(metaOf(event), p.styleId.toString(), p.artist.toHexString(), p.metadataURI, termsOf(p.terms)),
  );
}

export function handleStyleMetadataUpdated(event: StyleMetadataUpdated): void {
  const p = event.params;
  onStyleMetadataUpdated(new GraphStore(), new StyleMetadataUpdatedInput(metaOf(event), p.styleId.toString(), p.metadataURI));
}

export function handleStyleTermsUpdated(event: StyleTermsUpdated): void {
  const p = event.params;
  onStyleTermsUpdated(
    new GraphStore(),
    new StyleTermsUpdatedInput(metaOf(event), p.styleId.toString(), p.termsVersion.toI32(), updatedTermsOf(p.terms)),
  );
}

export function handleLicenceIssued(event: LicenceIssued): void {
  const p = event.params;
  onLicenceIssued(
    new GraphStore(),
    new LicenceIssuedInput(
      metaOf(event),
      p.licenceId.toString(),
      p.styleId.toString(),
      p.licensee.toHexString(),
      p.expiresAt.toString(),
      p.maxTracks,
      p.royaltyBps,
      p.commercial,
      p.derivatives,
      p.bySignature,
      p.feePaid.toString(),
    ),
  );
}

export function handleLicenceRevoked(event: LicenceRevoked): void {
  const p = event.params;
  onLicenceRevoked(
    new GraphStore(),
    new LicenceRevokedInput(metaOf(event), p.licenceId.toString(), p.styleId.toString(), p.revokedAt.toString()),
  );
}

export function handleNonceCancelled(event: NonceCancelled): void {
  const p = event.params;
  onNonceCancelled(new GraphStore(), new NonceCancelledInput(metaOf(event), p.artist.toHexString(), p.nonce.toString()));
}

export function handleTrackRegistered(event: TrackRegistered): void {
  const p = event.params;
  onTrackRegistered(
    new GraphStore(),
    new TrackRegisteredInput(
      metaOf(event),
      p.contentHash.toHexString(),
      p.registrant.toHexString(),
      p.styleId.toString(),
      p.kind,
      p.licenceId.toString(),
      hexList(p.parents),
      p.manifestDigest.toHexString(),
    ),
  );
}

export function handleTrackPromoted(event: TrackPromoted): void {
  const p = event.params;
  onTrackPromoted(new GraphStore(), new TrackPromotedInput(metaOf(event), p.contentHash.toHexString(), p.root.toHexString()));
}

export function handleBatchAnchored(event: BatchAnchored): void {
  const p = event.params;
  onBatchAnchored(
    new GraphStore(),
    new BatchAnchoredInput(
      metaOf(event),
      p.root.toHexString(),
      p.anchorer.toHexString(),
      p.size.toString(),
      p.leavesDigest.toHexString(),
    ),
  );
}

export function handlePaymentCredited(event: PaymentCredited): void {
  const p = event.params;
  onPaymentCredited(new GraphStore(), new PaymentCreditedInput(metaOf(event), p.payee.toHexString(), p.amount.toString()));
}

export function handlePaymentWithdrawn(event: PaymentWithdrawn): void {
  const p = event.params;
  onPaymentWithdrawn(
    new GraphStore(),
    new PaymentWithdrawnInput(metaOf(event), p.payee.toHexString(), p.recipient.toHexString(), p.amount.toString()),
  );
}

export function handleRoleGranted(event: RoleGranted): void {
  const p = event.params;
  onRoleChanged(new GraphStore(), new RoleChangedInput(metaOf(event), p.role.toHexString(), p.account.toHexString(), true));
}

export function handleRoleRevoked(event: RoleRevoked): void {
  const p = event.params;
  onRoleChanged(new GraphStore(), new RoleChangedInput(metaOf(event), p.role.toHexString(), p.account.toHexString(), false));
}


export function handlePaused(event: Paused): void {
  onPauseChanged(new GraphStore(), metaOf(event), true);
}

export function handleUnpaused(event: Unpaused): void {
  onPauseChanged(new GraphStore(), metaOf(event), false);
}
