// TrackNFT's events (listings, sales, ERC-721, PullPayments, AccessControl, Pausable): one plain function per event
// that converts the graph-ts event into the logic's input and applies the pure logic.
import {
  Approval,
  ApprovalForAll,
  Paused,
  PaymentCredited,
  PaymentWithdrawn,
  RoleGranted,
  RoleRevoked,
  SaleSettled,
  TrackDelisted,
  TrackListed,
  TrackSold,
  Transfer,
  Unpaused,
} from "../../generated/TrackNFT/TrackNFT";
import { GraphStore, metaOf } from "./graph-store";
import {
  ApprovalForAllInput,
  ApprovalInput,
  SaleSettledInput,
  TrackDelistedInput,
  TrackListedInput,
  TrackSoldInput,
  TransferInput,
  onApproval,
  onApprovalForAll,
  onSaleSettled,
  onTrackDelisted,
  onTrackListed,
  onTrackSold,
  onTransfer,
} from "../logic/track-nft";
import { PaymentCreditedInput, PaymentWithdrawnInput, onPaymentCredited, onPaymentWithdrawn } from "../logic/pull-payments";
import { RoleChangedInput, onRoleChanged } from "../logic/access-control";
import { onPauseChanged } from "../logic/pausable";

export function handleTrackListed(event: TrackListed): void {
  const p = event.params;
  onTrackListed(
    new GraphStore(),
    new TrackListedInput(
      metaOf(event),
      p.tokenId.toString(),
      p.registrant.toHexString(),
      p.price.toString(),
      p.artist.toHexString(),
      p.royaltyBps,
    ),
  );
}

export function handleTrackDelisted(event: TrackDelisted): void {
  onTrackDelisted(new GraphStore(), new TrackDelistedInput(metaOf(event), event.params.tokenId.toString()));
}

export function handleTrackSold(event: TrackSold): void {
  const p = event.params;
  onTrackSold(new GraphStore(), new TrackSoldInput(metaOf(event), p.tokenId.toString(), p.to.toHexString(), p.price.toString()));
}

export function handleSaleSettled(event: SaleSettled): void {
  const p = event.params;
  onSaleSettled(
    new GraphStore(),
    new SaleSettledInput(
      metaOf(event),
      p.tokenId.toString(),
      p.artist.toHexString(),
      p.artistShare.toString(),
      p.registrant.toHexString(),
      p.registrantShare.toString(),
    ),
  );
}

export function handleTransfer(event: Transfer): void {
  const p = event.params;
  onTransfer(new GraphStore(), new TransferInput(metaOf(event), p.from.toHexString(), p.to.toHexString(), p.tokenId.toString()));
}

export function handleApproval(event: Approval): void {
  const p = event.params;
  onApproval(new GraphStore(), new ApprovalInput(metaOf(event), p.owner.toHexString(), p.approved.toHexString(), p.tokenId.toString()));
}

export function handleApprovalForAll(event: ApprovalForAll): void {
  const p = event.params;
  onApprovalForAll(
    new GraphStore(),
    new ApprovalForAllInput(metaOf(event), p.owner.toHexString(), p.operator.toHexString(), p.approved),
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
