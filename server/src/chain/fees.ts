import type { PublicClient } from "viem";

/** EIP-1559 fee caps of one transaction. */
export interface Fees {
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
}

/** Nodes accept a replacement only when both fee caps rise by at least 10% (geth) or 12.5% (others): use the larger. */
export const MIN_FEE_BUMP_PERCENT = 12.5;

/** The node's current EIP-1559 fee estimate (base fee with headroom plus its suggested tip). */
export async function estimateFees(publicClient: PublicClient): Promise<Fees> {
  const { maxFeePerGas, maxPriorityFeePerGas } = await publicClient.estimateFeesPerGas({ type: "eip1559", chain: publicClient.chain ?? null });
  return { maxFeePerGas, maxPriorityFeePerGas };
}

/** `value` raised by `percent` (rounded up), and at least by 1 wei so a zero tip still changes. */
function raise(value: bigint, percent: number): bigint {
  const permille = BigInt(Math.ceil(percent * 10));
  const raised = (value * (1000n + permille) + 999n) / 1000n;
  return raised > value ? raised : value + 1n;
}

/**
 * Fees for a replacement of a transaction sent with `previous`: each cap raised by at least `percent`
 * (never less than {@link MIN_FEE_BUMP_PERCENT}), and at least the current market fees when those are higher.
 */
export function bumpFees(previous: Fees, current: Fees, percent: number = MIN_FEE_BUMP_PERCENT): Fees {
  const p = Math.max(percent, MIN_FEE_BUMP_PERCENT);
  const maxPriorityFeePerGas = max(raise(previous.maxPriorityFeePerGas, p), current.maxPriorityFeePerGas);
  let maxFeePerGas = max(raise(previous.maxFeePerGas, p), current.maxFeePerGas);
  if (maxFeePerGas < maxPriorityFeePerGas) maxFeePerGas = maxPriorityFeePerGas;
  return { maxFeePerGas, maxPriorityFeePerGas };
}

function max(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}
