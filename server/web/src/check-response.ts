/** The JSON of `POST /v1/check` (server/src/check/check-audio.ts `CheckAudioResult`, made JSON-safe by the route). */
export interface CheckResponse {
  aiGenerated: "yes" | "no" | "unknown";
  reasons: string[];
  sha256: string;
  format: string;
  durationSeconds: number;
  watermark: {
    detected: boolean;
    scheme?: string;
    keyId?: string;
    payload?: string;
    falsePositiveProbability?: number;
  } | null;
  matches: CheckMatch[];
  records: CheckRecord[];
  style: { styleId: number; licenceId: number } | null;
}

export interface CheckMatch {
  sha256: string;
  score: number;
  /** Where in the registered track the checked audio starts. */
  offsetSeconds: number;
  /** How much of the checked audio aligned with it. */
  matchedSeconds: number;
  pValue: number;
  speedFactor?: number;
  pitchFactor?: number;
}

export interface CheckRecord {
  sha256: string;
  status: string;
  kind: string;
  registered: boolean;
  generated: boolean;
  styleId: number;
  licenceId: number;
  parents: string[];
  durationSeconds: number | null;
  cid: string | null;
  manifestCid: string | null;
  transactionHash: string | null;
  blockNumber: string | null;
  registrant: string | null;
}
