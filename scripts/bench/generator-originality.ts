import type { Vocabulary } from "../../generator/src/tokenizer/vocabulary.js";

/** A window of consecutive bars of a token stream, as a comparable key. */
export interface BarWindow {
  /** Index of the window's first bar (0-based). */
  firstBar: number;
  /** Notes in the window. */
  notes: number;
  key: string;
}

/**
 * Every window of `bars` consecutive bars of a token stream (BOS, STYLE and EOS ignored; TEMPO left out: a copy at
 * another tempo is still a copy). With `transpositionInvariant`, pitched notes are written relative to the window's
 * lowest pitched note (drum keys stay as they are), so a copy in another key gives the same key. Windows without a
 * note are skipped: silence is not a reproduction.
 */
export function barWindows(tokens: readonly number[], vocabulary: Vocabulary, bars = 4, transpositionInvariant = true): BarWindow[] {
  const v = vocabulary;
  const barTokens: Array<Array<{ pitch?: number; drum?: boolean; token: number }>> = [];
  let drums = false;
  for (const token of tokens) {
    if (token === v.eos) break;
    if (token === v.bar) {
      barTokens.push([]);
      drums = false;
      continue;
    }
    const current = barTokens[barTokens.length - 1];
    if (!current) continue; // BOS, STYLE
    if (token >= v.tempoBase && token < v.tempoBase + v.spec.tempoBpms.length) continue;
    if (token === v.drum) drums = true;
    else if (token >= v.programBase && token < v.programBase + 128) drums = false;
    if (token >= v.pitchBase && token < v.pitchBase + 128) current.push({ token, pitch: token - v.pitchBase, drum: drums });
    else current.push({ token });
  }
  const windows: BarWindow[] = [];
  for (let first = 0; first + bars <= barTokens.length; first++) {
    const events = barTokens.slice(first, first + bars);
    const pitched = events.flat().filter((e) => e.pitch !== undefined && !e.drum).map((e) => e.pitch!);
    const notes = events.flat().filter((e) => e.pitch !== undefined).length;
    if (notes === 0) continue;
    const low = transpositionInvariant && pitched.length ? Math.min(...pitched) : 0;
    const key = events
      .map((bar) => bar.map((e) => (e.pitch === undefined ? String(e.token) : e.drum ? `d${e.pitch}` : `p${e.pitch - low}`)).join(","))
      .join("|");
    windows.push({ firstBar: first, notes, key });
  }
  return windows;
}

/** The keys of every window of a set of pieces (the training corpus a generated piece must not copy). */
export function windowKeySet(pieces: ReadonlyArray<readonly number[]>, vocabulary: Vocabulary, bars = 4, transpositionInvariant = true): Set<string> {
  const keys = new Set<string>();
  for (const tokens of pieces) for (const w of barWindows(tokens, vocabulary, bars, transpositionInvariant)) keys.add(w.key);
  return keys;
}

/** The windows of a generated piece found verbatim in the training keys. */
export function copiedWindows(tokens: readonly number[], trainingKeys: ReadonlySet<string>, vocabulary: Vocabulary, bars = 4, transpositionInvariant = true): BarWindow[] {
  return barWindows(tokens, vocabulary, bars, transpositionInvariant).filter((w) => trainingKeys.has(w.key));
}
