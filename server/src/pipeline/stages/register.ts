import { validateGeneratorClaim } from "../generator-claim.js";
import type { Stage } from "./stage.js";

/**
 * Registers the record on-chain through the registrar, which is idempotent by content hash: a re-run after a crash
 * between the transaction and this stage's commit finds the registration instead of sending a second one.
 */
export const registerStage: Stage = async ({ track, deps }) => {
  if (!track.manifest_digest || !track.manifest_cid) throw new TypeError("the register stage needs the ipfs stage");
  const claim = validateGeneratorClaim(track.generator ?? undefined, track.sha256);
  const registered = await deps.registrar.register({
    contentHash: `0x${track.sha256}`,
    kind: claim.kind,
    styleId: BigInt(claim.styleId),
    licenceId: BigInt(claim.licenceId),
    parents: claim.parents.map((p) => `0x${p}` as const),
    manifestDigest: `0x${track.manifest_digest}`,
  });
  return {
    transaction_hash: registered.transactionHash,
    block_number: registered.blockNumber === null ? null : registered.blockNumber.toString(),
    registrant: registered.registrant.toLowerCase(),
    registered_at: new Date(),
  };
};
