/** A style's licence terms as the contracts' events and views carry them (`LicenceTerms` in contracts/types/). */
export interface LicenceTerms {
  /** Wei per licence. */
  fee: bigint;
  royaltyBps: number;
  /** Seconds a bought licence lasts; 0 = forever. */
  duration: number;
  /** Tracks a licence may register; 0 = no cap. */
  maxTracks: number;
  commercial: boolean;
  derivatives: boolean;
  purchasable: boolean;
}
