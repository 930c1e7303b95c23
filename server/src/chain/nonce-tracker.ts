import type { Address, PublicClient } from "viem";

/**
 * The next nonce of one account, counted locally so that transactions sent back to back get consecutive nonces
 * without waiting for the node to see the previous one. Initialised from the node's `pending` count (and from the
 * highest nonce the caller already knows it used); `resync()` drops the local count after a nonce error.
 * Not safe for concurrent `take()` calls: the transaction manager calls it under its send lock.
 */
export class NonceTracker {
  private next: number | undefined;

  constructor(
    private readonly publicClient: PublicClient,
    private readonly address: Address,
    /** The highest nonce the caller recorded as used (sent or pending), or -1. */
    private readonly highestKnown: () => Promise<number>,
  ) {}

  /** The nonce for the next transaction; counts it as used. */
  async take(): Promise<number> {
    if (this.next === undefined) {
      const [pending, known] = await Promise.all([
        this.publicClient.getTransactionCount({ address: this.address, blockTag: "pending" }),
        this.highestKnown(),
      ]);
      this.next = Math.max(pending, known + 1);
    }
    return this.next++;
  }

  /** Forget the local count: the next `take()` asks the node again. */
  resync(): void {
    this.next = undefined;
  }
}
