/** One MIDI file of a corpus: where it came from and its bytes. */
export interface CorpusPiece {
  /** A stable name: the path relative to the corpus root, `wad:LUMP` for a WAD lump, or the generated name. */
  name: string;
  bytes: Uint8Array;
}
