import { BaseError } from "../../audio/src/errors/base-error.js";
import { encodeMidi } from "../tokenizer/encode-midi.js";
import type { MidiLimits } from "../tokenizer/midi-limits.js";
import { createVocabulary, type Vocabulary } from "../tokenizer/vocabulary.js";
import { EmptyCorpusError } from "./corpus-error.js";
import type { CorpusPiece } from "./corpus-piece.js";

export interface EncodedPiece {
  name: string;
  tokens: number[];
}

export interface EncodeCorpusReturnType {
  pieces: EncodedPiece[];
  /** Files that are not valid MIDI or hold no note, and why. */
  skipped: Array<{ name: string; reason: string }>;
}

/**
 * Tokens of every piece of a corpus. A damaged or empty file is skipped with its reason (a real corpus always has a
 * few), not fatal; a corpus with nothing left is.
 *
 * @throws EmptyCorpusError when no piece encodes to at least one note.
 */
export function encodeCorpus(pieces: readonly CorpusPiece[], options: { vocabulary?: Vocabulary; limits?: MidiLimits } = {}): EncodeCorpusReturnType {
  const vocabulary = options.vocabulary ?? createVocabulary();
  const encoded: EncodedPiece[] = [];
  const skipped: EncodeCorpusReturnType["skipped"] = [];
  for (const piece of pieces) {
    try {
      const tokens = encodeMidi(piece.bytes, { vocabulary, ...(options.limits ? { limits: options.limits } : {}) });
      if (tokens.some((t) => t >= vocabulary.pitchBase && t < vocabulary.pitchBase + 128)) encoded.push({ name: piece.name, tokens });
      else skipped.push({ name: piece.name, reason: "no notes" });
    } catch (error) {
      if (!(error instanceof BaseError)) throw error;
      skipped.push({ name: piece.name, reason: error.shortMessage });
    }
  }
  if (encoded.length === 0) {
    throw new EmptyCorpusError(pieces.length === 0 ? undefined : "no piece holds a readable note", {
      details: skipped.slice(0, 10).map((s) => `${s.name}: ${s.reason}`).join("; "),
    });
  }
  return { pieces: encoded, skipped };
}
