/** Caps on what the tokenizer reads, so that a hostile file cannot exhaust memory or time. */
export interface MidiLimits {
  /** Largest file, in bytes. */
  maxBytes: number;
  /** Most notes kept from one file. */
  maxNotes: number;
  /** Longest piece, in bars. */
  maxBars: number;
}

export const defaultMidiLimits: MidiLimits = { maxBytes: 4 * 1024 * 1024, maxNotes: 100_000, maxBars: 4096 };
