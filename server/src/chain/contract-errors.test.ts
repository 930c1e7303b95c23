import { describe, expect, it } from "vitest";
import { encodeErrorResult } from "viem";
import { soundmarkRegistryAbi } from "./abi/SoundmarkRegistry.js";
import { trackNFTAbi } from "./abi/TrackNFT.js";
import { ContractPausedError, contractErrorFrom, LicenceNotValidError, revertDataOf, TrackAlreadyRegisteredError } from "./contract-errors.js";
import { ContractRevertError } from "./errors.js";

const expired = encodeErrorResult({ abi: soundmarkRegistryAbi, errorName: "StyleRegistryLicenceExpired", args: [3n, 100n] });

describe("contract errors", () => {
  it("finds revert data however deep a client wrapped it", () => {
    expect(revertDataOf({ cause: { cause: { data: expired } } })).toBe(expired);
    expect(revertDataOf({ cause: { data: { data: expired } } })).toBe(expired);
    expect(revertDataOf(new Error("network down"))).toBeUndefined();
    const loop: { cause?: unknown } = {};
    loop.cause = loop;
    expect(revertDataOf(loop)).toBeUndefined();
  });

  it("maps each Soundmark error to its typed class with the decoded arguments", () => {
    const licence = contractErrorFrom({ data: expired });
    expect(licence).toBeInstanceOf(LicenceNotValidError);
    expect(licence?.errorName).toBe("StyleRegistryLicenceExpired");
    expect(licence?.errorArgs).toEqual([3n, 100n]);
    expect(licence?.code).toBe("REGISTRATION_LICENCE_INVALID");
    const already = encodeErrorResult({ abi: soundmarkRegistryAbi, errorName: "TrackRegistryAlreadyRegistered", args: [`0x${"01".repeat(32)}`] });
    expect(contractErrorFrom({ data: already })).toBeInstanceOf(TrackAlreadyRegisteredError);
    const paused = encodeErrorResult({ abi: trackNFTAbi, errorName: "EnforcedPause" });
    expect(contractErrorFrom({ data: paused })).toBeInstanceOf(ContractPausedError);
    const nft = encodeErrorResult({ abi: trackNFTAbi, errorName: "TrackNFTNotListed", args: [5n] });
    const generic = contractErrorFrom({ data: nft });
    expect(generic?.constructor).toBe(ContractRevertError);
    expect(generic?.errorName).toBe("TrackNFTNotListed");
  });

  it("keeps undecodable reverts as a generic revert, and non-reverts as undefined", () => {
    const unknown = contractErrorFrom({ data: "0xdeadbeef00" });
    expect(unknown).toBeInstanceOf(ContractRevertError);
    expect(unknown?.errorName).toBeUndefined();
    expect(contractErrorFrom(new Error("nonce too low"))).toBeUndefined();
    expect(contractErrorFrom(new Error("fetch failed"))).toBeUndefined();
    expect(contractErrorFrom(new Error("execution reverted"))).toBeInstanceOf(ContractRevertError);
  });
});
