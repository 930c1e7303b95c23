/** Where and when an event happened, as every handler receives it. */
export class EventMeta {
  /** The emitting contract, lowercase 0x-hex. */
  contract: string;
  blockNumber: string;
  /** Unix seconds of the block. */
  timestamp: string;
  transactionHash: string;
  /** The log's index in its block. */
  logIndex: string;

  constructor(contract: string, blockNumber: string, timestamp: string, transactionHash: string, logIndex: string) {
    this.contract = contract.toLowerCase();
    this.blockNumber = blockNumber;
    this.timestamp = timestamp;
    this.transactionHash = transactionHash.toLowerCase();
    this.logIndex = logIndex;
  }

  /** An id unique to this event: `<transactionHash>-<logIndex>`. */
  eventId(): string {
    return this.transactionHash + "-" + this.logIndex;
  }
}
