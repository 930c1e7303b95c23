import { BaseError } from "viem";
import { describe, expect, it } from "vitest";
import { CorruptAudioError } from "../../../generator/audio/src/errors/decode-error.js";
import { ContractPausedError, LicenceNotValidError } from "../chain/contract-errors.js";
import { ChainRequestError } from "../chain/errors.js";
import { IpfsUnavailableError } from "../ipfs/index.js";
import { InvalidGeneratorClaimError } from "./errors.js";
import { DEFAULT_RETRY_POLICY, describeError, isPermanent, retryDelayMs } from "./retry-policy.js";

describe("retry policy", () => {
  it("treats bad input and contract reverts as permanent, outages as transient", () => {
    expect(isPermanent(new CorruptAudioError("bad frame"))).toBe(true);
    expect(isPermanent(new InvalidGeneratorClaimError("x"))).toBe(true);
    const revert = Object.assign(new Error("reverted"), { name: "ContractFunctionRevertedError" });
    expect(isPermanent(new Error("call failed", { cause: revert }))).toBe(true);
    expect(isPermanent(new LicenceNotValidError("StyleRegistryLicenceExpired", [7n]))).toBe(true);
    expect(isPermanent(new ContractPausedError("EnforcedPause", []))).toBe(false);
    expect(isPermanent(new ChainRequestError("the RPC timed out"))).toBe(false);
    expect(isPermanent(new IpfsUnavailableError("down"))).toBe(false);
    expect(isPermanent(new Error("fetch failed"))).toBe(false);
  });

  it("backs off exponentially up to the cap", () => {
    const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 1000, maxDelayMs: 5000 };
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, policy))).toEqual([1000, 2000, 4000, 5000, 5000]);
  });

  it("describes project errors by their short message and code, viem errors by theirs", () => {
    expect(describeError(new CorruptAudioError("bad frame", { details: "long" }))).toEqual({
      message: "Corrupt audio: bad frame",
      code: "CORRUPT_AUDIO",
    });
    expect(describeError(new BaseError("An RPC failed.", { details: "x" }))).toEqual({ message: "An RPC failed.", code: "BaseError" });
  });

  it("describes a database server's error by its SQLSTATE, and an anonymous error as ERROR", async () => {
    const { default: pg } = await import("pg");
    const failure = new pg.DatabaseError('value "4000000000" is out of range for type integer', 60, "error");
    failure.code = "22003";
    expect(describeError(failure)).toEqual({ message: 'value "4000000000" is out of range for type integer', code: "DATABASE_22003" });
    expect(describeError(new Error("plain"))).toEqual({ message: "plain", code: "ERROR" });
    expect(describeError(new RangeError("r"))).toEqual({ message: "r", code: "RangeError" });
  });
});
