import { sha256, stringToBytes, type Abi, type Address, type Hex } from "viem";
import { soundmarkRegistryAbi } from "../../chain/abi/SoundmarkRegistry.js";
import { trackNFTAbi } from "../../chain/abi/TrackNFT.js";
import type { Deployment } from "../../chain/deployment.js";
import { LICENCE_GRANT_TYPES, licenceGrantDomain, type LicenceGrant } from "../../chain/licence-grant.js";
import { buildRegistrationBatch } from "../../chain/registration-batch.js";
import type { EdrChain } from "../../chain/testing/edr-chain.js";
import { TrackKind, type TrackRecord } from "../../chain/track-record.js";

/** Dev accounts of the story. */
export const ACTORS = { artist: 2, generator: 1, licensee: 4, relayer: 5, collector: 6, keeper: 7 } as const;
export const STYLE_TERMS = { fee: 1000n, royaltyBps: 750, duration: 0, maxTracks: 0, commercial: true, derivatives: true, purchasable: true };
export const PRICE = 20_000n;

export const hashOf = (label: string): Hex => sha256(stringToBytes(label));

export interface Scenario {
  styleId: bigint;
  boughtLicenceId: bigint;
  grantedLicenceId: bigint;
  parent: TrackRecord;
  derivative: TrackRecord;
  batched: TrackRecord[];
  batchRoot: Hex;
  promoted: TrackRecord;
  addresses: Record<keyof typeof ACTORS, Address>;
}

/**
 * A whole story on the deployed contracts, touching every event the indexer follows: a style with new terms and
 * metadata, a bought and a signed licence (later revoked), a cancelled nonce, an original and a derivative track,
 * an anchored batch with one promoted record, a listing, a sale, its settlement and withdrawals.
 */
export async function runScenario(chain: EdrChain, deployment: Deployment): Promise<Scenario> {
  const registry = deployment.contracts.SoundmarkRegistry.address;
  const nft = deployment.contracts.TrackNFT.address;
  const addresses = Object.fromEntries(
    Object.entries(ACTORS).map(([name, i]) => [name, chain.wallet(i).account.address.toLowerCase() as Address]),
  ) as Scenario["addresses"];
  const send = async (actor: keyof typeof ACTORS, address: Address, abi: Abi, functionName: string, args: readonly unknown[], value?: bigint) => {
    const hash = await chain.wallet(ACTORS[actor]).writeContract({ address, abi, functionName, args, value } as never);
    const receipt = await chain.publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`${functionName} reverted`);
    return receipt;
  };
  const reg = (actor: keyof typeof ACTORS, fn: string, args: readonly unknown[], value?: bigint) => send(actor, registry, soundmarkRegistryAbi, fn, args, value);
  const tok = (actor: keyof typeof ACTORS, fn: string, args: readonly unknown[], value?: bigint) => send(actor, nft, trackNFTAbi, fn, args, value);

  await reg("artist", "registerStyle", ["ipfs://style-v1", STYLE_TERMS]);
  await reg("artist", "setTerms", [1n, { ...STYLE_TERMS, royaltyBps: 1000 }]);
  await reg("artist", "setStyleMetadata", [1n, "ipfs://style-v2"]);
  await reg("generator", "buyLicence", [1n, 2], STYLE_TERMS.fee);

  const grant: LicenceGrant = {
    styleId: 1n, licensee: addresses.licensee, expiresAt: 0, maxTracks: 5, royaltyBps: 500, commercial: false, derivatives: false, nonce: 7n,
    deadline: 2n ** 40n,
  };
  const signature = await chain.wallet(ACTORS.artist).signTypedData({
    domain: licenceGrantDomain(deployment.chainId, registry),
    types: LICENCE_GRANT_TYPES,
    primaryType: "LicenceGrant",
    message: grant,
  });
  await reg("relayer", "grantLicenceBySig", [grant, signature]);
  await reg("artist", "cancelNonce", [99n]);

  const parent: TrackRecord = {
    contentHash: hashOf("audio:parent"), registrant: addresses.generator, kind: TrackKind.Original, styleId: 0, licenceId: 0n, parents: [],
    manifestDigest: hashOf("manifest:parent"),
  };
  const derivative: TrackRecord = {
    contentHash: hashOf("audio:derivative"), registrant: addresses.generator, kind: TrackKind.Derivative, styleId: 1, licenceId: 1n,
    parents: [parent.contentHash], manifestDigest: hashOf("manifest:derivative"),
  };
  for (const r of [parent, derivative]) {
    await reg("generator", "register", [r.contentHash, r.kind, r.styleId, r.licenceId, r.parents, r.manifestDigest]);
  }

  const batched: TrackRecord[] = ["b1", "b2", "b3"].map((label) => ({
    contentHash: hashOf(`audio:${label}`), registrant: addresses.generator, kind: TrackKind.Generated, styleId: 1, licenceId: 1n, parents: [],
    manifestDigest: hashOf(`manifest:${label}`),
  }));
  const batch = buildRegistrationBatch(batched);
  await reg("generator", "anchorBatch", [batch.root, batch.size, batch.leavesDigest]);
  const promoted = batched[1]!;
  await reg("generator", "promote", [batch.root, promoted, batch.proofs.get(promoted.contentHash)]);

  const tokenId = BigInt(derivative.contentHash);
  await tok("generator", "list", [derivative, PRICE]);
  await tok("collector", "mint", [tokenId, addresses.collector], PRICE);
  await tok("keeper", "settle", [[tokenId]]);
  await tok("artist", "withdraw", [addresses.artist]);
  await tok("generator", "withdraw", [addresses.generator]);
  await reg("artist", "withdraw", [addresses.artist]);
  await reg("artist", "revokeLicence", [2n]);

  return {
    styleId: 1n, boughtLicenceId: 1n, grantedLicenceId: 2n, parent, derivative, batched, batchRoot: batch.root, promoted, addresses,
  };
}
