import type { Address, TypedDataDomain } from "viem";

/** A licence an artist signs off-chain; mirrors `LicenceGrant` in `contracts/interfaces/IStyleRegistry.sol`. */
export interface LicenceGrant {
  styleId: bigint;
  licensee: Address;
  /** Unix seconds; 0 = never expires. */
  expiresAt: number;
  /** 0 = no cap. */
  maxTracks: number;
  royaltyBps: number;
  commercial: boolean;
  derivatives: boolean;
  nonce: bigint;
  /** Unix seconds after which the signature is refused. */
  deadline: bigint;
}

/** EIP-712 types of a `LicenceGrant`, in the order of the contract's type hash. */
export const LICENCE_GRANT_TYPES = {
  LicenceGrant: [
    { name: "styleId", type: "uint256" },
    { name: "licensee", type: "address" },
    { name: "expiresAt", type: "uint32" },
    { name: "maxTracks", type: "uint24" },
    { name: "royaltyBps", type: "uint16" },
    { name: "commercial", type: "bool" },
    { name: "derivatives", type: "bool" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
} as const;

/** The EIP-712 domain of the Soundmark registry at `registry` on `chainId`: signatures replay nowhere else. */
export function licenceGrantDomain(chainId: number, registry: Address): TypedDataDomain {
  return { name: "Soundmark", version: "1", chainId, verifyingContract: registry };
}
