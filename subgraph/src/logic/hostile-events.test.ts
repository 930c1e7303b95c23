// Events the contracts cannot emit in this order or with these values (a wrong start block, a foreign contract, a
// corrupted log): the logic stops with an error naming what is wrong instead of writing a half-true entity.
import { describe, expect, it } from "vitest";
import { EventMeta } from "./event-meta";
import { MemoryStore } from "../../testing/memory-store";
import { LicenceIssuedInput, StyleMetadataUpdatedInput, onLicenceIssued, onStyleMetadataUpdated } from "./style-registry";
import { TrackPromotedInput, TrackRegisteredInput, onTrackPromoted, onTrackRegistered } from "./track-registry";
import { PaymentWithdrawnInput, onPaymentWithdrawn } from "./pull-payments";
import { TrackListedInput, TrackSoldInput, onTrackListed, onTrackSold } from "./track-nft";

const meta = new EventMeta("0x" + "11".repeat(20), "10", "1700000000", "0x" + "22".repeat(32), "0");
const hash = (byte: string) => "0x" + byte.repeat(32);
const account = "0x" + "33".repeat(20);

function track(kind: number, styleId = "0", licenceId = "0", digest = hash("cd")): TrackRegisteredInput {
  return new TrackRegisteredInput(meta, hash("ab"), account, styleId, kind, licenceId, [], digest);
}

describe("the logic refuses impossible events", () => {
  it("a track of an unknown kind, or with a manifest digest that is not 32 bytes", () => {
    expect(() => onTrackRegistered(new MemoryStore(), track(3))).toThrow(/unknown track kind 3/);
    expect(() => onTrackRegistered(new MemoryStore(), track(-1))).toThrow(/unknown track kind/);
    expect(() => onTrackRegistered(new MemoryStore(), track(0, "0", "0", "0x1234"))).toThrow(/not a 32-byte digest/);
  });

  it("references to styles, licences, batches and tracks never seen (a start block after the deployment)", () => {
    expect(() => onTrackRegistered(new MemoryStore(), track(1, "4"))).toThrow(/missing Style 4/);
    expect(() => onStyleMetadataUpdated(new MemoryStore(), new StyleMetadataUpdatedInput(meta, "9", "ipfs://x"))).toThrow(/missing Style 9/);
    expect(() =>
      onLicenceIssued(new MemoryStore(), new LicenceIssuedInput(meta, "1", "2", account, "0", 0, 0, true, true, false, "0")),
    ).toThrow(/missing Style 2/);
    const store = new MemoryStore();
    onTrackRegistered(store, track(0));
    expect(() => onTrackPromoted(store, new TrackPromotedInput(meta, hash("ab"), hash("ee")))).toThrow(/missing Batch/);
    expect(() => onTrackListed(new MemoryStore(), new TrackListedInput(meta, "5", account, "1", account, 0))).toThrow(
      /missing Track 0x0{63}5/,
    );
    expect(() => onTrackSold(new MemoryStore(), new TrackSoldInput(meta, "5", account, "1"))).toThrow(/missing Token 5/);
  });

  it("a withdrawal of more than was credited", () => {
    expect(() => onPaymentWithdrawn(new MemoryStore(), new PaymentWithdrawnInput(meta, account, account, "1"))).toThrow(
      /negative result: 0 - 1/,
    );
  });

  it("leaves nothing behind when it refuses an event", () => {
    const store = new MemoryStore();
    expect(() => onTrackRegistered(store, track(1, "4"))).toThrow();
    expect(store.rows.size).toBe(0);
  });
});
