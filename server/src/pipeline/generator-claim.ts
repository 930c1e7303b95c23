import { InvalidGeneratorClaimError } from "./errors.js";

/** What the generator says about a track it made; recorded in the manifest and on-chain (style, licence, parents). */
export interface GeneratorClaim {
  /** sha256 of the model weights, lowercase hex (64 digits, no 0x). */
  modelHash?: string;
  /** The on-chain style the track was generated in (0 or absent: none). */
  styleId?: number;
  /** The licence of that style the registrant holds (0 or absent: the registrant is the style's artist). */
  licenceId?: number;
  seed?: number;
  /** Sampling parameters (temperature, top-k, ...): numbers, strings, booleans. */
  params?: Record<string, string | number | boolean>;
  /** File sha256s of registered tracks this one derives from. */
  parents?: string[];
  /** Overrides the kind inferred from the fields (generated with a style, derivative with parents, else original). */
  kind?: TrackKindName;
}

export type TrackKindName = "original" | "generated" | "derivative";

/** Most parents a record may name (the registry's MAX_PARENTS). */
export const MAX_PARENTS = 16;
const SHA256 = /^[0-9a-f]{64}$/;

/** A claim checked against the registry's rules, with its kind settled; refuses now what the chain would revert later. */
export interface ValidatedClaim {
  kind: TrackKindName;
  styleId: number;
  licenceId: number;
  parents: string[];
  generator: GeneratorClaim | null;
}

export function validateGeneratorClaim(claim: GeneratorClaim | undefined, sha256: string): ValidatedClaim {
  if (claim === undefined || claim === null) return { kind: "original", styleId: 0, licenceId: 0, parents: [], generator: null };
  if (typeof claim !== "object" || Array.isArray(claim)) throw new InvalidGeneratorClaimError("the generator claim must be an object");
  const styleId = whole(claim.styleId, "styleId", 2 ** 32 - 1);
  const licenceId = whole(claim.licenceId, "licenceId", Number.MAX_SAFE_INTEGER);
  if (claim.seed !== undefined) whole(claim.seed, "seed", Number.MAX_SAFE_INTEGER);
  if (claim.modelHash !== undefined && (typeof claim.modelHash !== "string" || !SHA256.test(claim.modelHash))) {
    throw new InvalidGeneratorClaimError("modelHash must be a sha256 as 64 lowercase hex digits");
  }
  if (claim.params !== undefined) {
    if (typeof claim.params !== "object" || claim.params === null || Array.isArray(claim.params)) {
      throw new InvalidGeneratorClaimError("params must be an object");
    }
    for (const [key, value] of Object.entries(claim.params)) {
      const ok = typeof value === "string" || typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value));
      if (!ok) throw new InvalidGeneratorClaimError(`params.${key} must be a string, a finite number or a boolean`);
    }
  }
  const parents = claim.parents ?? [];
  if (!Array.isArray(parents) || parents.some((p) => typeof p !== "string" || !SHA256.test(p))) {
    throw new InvalidGeneratorClaimError("parents must be file sha256s as 64 lowercase hex digits");
  }
  if (parents.length > MAX_PARENTS) throw new InvalidGeneratorClaimError(`at most ${MAX_PARENTS} parents, got ${parents.length}`);
  if (new Set(parents).size !== parents.length) throw new InvalidGeneratorClaimError("parents repeat a track");
  if (parents.includes(sha256)) throw new InvalidGeneratorClaimError("a track cannot be its own parent");

  const kind = claim.kind ?? (styleId !== 0 ? "generated" : parents.length > 0 ? "derivative" : "original");
  if (kind !== "original" && kind !== "generated" && kind !== "derivative") {
    throw new InvalidGeneratorClaimError(`kind must be original, generated or derivative, not ${String(kind)}`);
  }
  // The registry's rules (TrackRegistry._register): refused here so a job does not fail at its last stage.
  if (kind === "original" && (parents.length > 0 || licenceId !== 0)) {
    throw new InvalidGeneratorClaimError("an original track has no parents and no licence");
  }
  if (kind === "generated" && styleId === 0) throw new InvalidGeneratorClaimError("a generated track names its style (styleId)");
  if (kind === "derivative" && parents.length === 0) throw new InvalidGeneratorClaimError("a derivative track names its parents");
  if (licenceId !== 0 && styleId === 0) throw new InvalidGeneratorClaimError("a licence needs the style it is a licence of");
  return { kind, styleId, licenceId, parents, generator: claim };
}

function whole(value: unknown, name: string, max: number): number {
  if (value === undefined) return 0;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0 || value > max) {
    throw new InvalidGeneratorClaimError(`${name} must be a whole number from 0 to ${max}`);
  }
  return value;
}
