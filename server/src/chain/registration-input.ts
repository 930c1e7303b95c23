import { isHex, type Hex } from "viem";
import { InvalidRegistrationError } from "./errors.js";
import type { TrackKindName } from "./registrar-records.js";
import { TrackKind } from "./track-record.js";
import type { RegisterTrackParameters } from "./track-registrar.js";

/** The contract's TrackKind of each kind name. */
export const KIND: Record<TrackKindName, TrackKind> = { original: TrackKind.Original, generated: TrackKind.Generated, derivative: TrackKind.Derivative };
const MAX_UINT32 = 2n ** 32n - 1n;
const MAX_UINT64 = 2n ** 64n - 1n;

/** A non-zero 32-byte hash, lowercased; InvalidRegistrationError otherwise. */
export function normaliseHash(value: unknown, name: string): Hex {
  if (typeof value !== "string" || !isHex(value, { strict: true }) || value.length !== 66) {
    throw new InvalidRegistrationError(`${name} must be 0x followed by 64 hex digits`, { details: `got ${String(value).slice(0, 80)}` });
  }
  if (/^0x0+$/.test(value)) throw new InvalidRegistrationError(`${name} must not be zero`);
  return value.toLowerCase() as Hex;
}

/** Checks the shape of a request (the contract checks the rules), so bad input never reaches the chain. */
export function validateRegistration(p: RegisterTrackParameters): RegisterTrackParameters {
  if (!p || typeof p !== "object") throw new InvalidRegistrationError("a registration needs parameters");
  if (!(p.kind in KIND)) throw new InvalidRegistrationError(`kind must be original, generated or derivative, not ${String(p.kind).slice(0, 40)}`);
  if (typeof p.styleId !== "bigint" || p.styleId < 0n || p.styleId > MAX_UINT32) throw new InvalidRegistrationError("styleId must be a bigint in uint32 range");
  if (typeof p.licenceId !== "bigint" || p.licenceId < 0n || p.licenceId > MAX_UINT64) throw new InvalidRegistrationError("licenceId must be a bigint in uint64 range");
  if (!Array.isArray(p.parents)) throw new InvalidRegistrationError("parents must be an array of content hashes");
  if (p.parents.length > 16) throw new InvalidRegistrationError(`at most 16 parents, got ${p.parents.length}`);
  const contentHash = normaliseHash(p.contentHash, "contentHash");
  const parents = p.parents.map((parent, i) => normaliseHash(parent, `parents[${i}]`));
  if (parents.includes(contentHash)) throw new InvalidRegistrationError("a track cannot be its own parent");
  if (new Set(parents).size !== parents.length) throw new InvalidRegistrationError("parents must not repeat");
  return { contentHash, kind: p.kind, styleId: p.styleId, licenceId: p.licenceId, parents, manifestDigest: normaliseHash(p.manifestDigest, "manifestDigest") };
}
