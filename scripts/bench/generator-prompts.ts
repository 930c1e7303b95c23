import type { SeededRandom } from "../../generator/audio/src/random/seeded-random.js";
import type { Vocabulary } from "../../generator/src/tokenizer/vocabulary.js";

/**
 * Seed prompts for generation ("a few bars of the artist"), drawn from an artist's TRAINING pieces only, and the
 * generated continuation without its prompt: the bench scores what the model wrote, never the bars it was handed.
 */
export interface Prompt {
  /** Training piece the bars come from. */
  piece: string;
  /** 0-based index of its first bar. */
  firstBar: number;
  bars: number;
  /** BAR ... tokens of the bars (no BOS, STYLE or EOS). */
  tokens: number[];
}

/**
 * Bars firstBar .. firstBar + bars - 1 of a token stream: from that bar's BAR token up to the BAR that follows the
 * last of them (or EOS). The tempo in force is kept: a TEMPO token is put after the first BAR when the slice opens
 * without one. Empty when the stream has fewer bars.
 */
export function barSlice(tokens: readonly number[], firstBar: number, bars: number, vocabulary: Vocabulary): number[] {
  let bar = -1;
  let tempo: number | undefined;
  const out: number[] = [];
  for (const token of tokens) {
    if (token === vocabulary.eos) break;
    if (token === vocabulary.bar) {
      bar++;
      if (bar >= firstBar + bars) break;
    }
    if (bar < firstBar) {
      if (isTempo(token, vocabulary)) tempo = token;
      continue;
    }
    out.push(token);
    if (out.length === 1 && tempo !== undefined) out.push(tempo);
  }
  if (out.length > 2 && out[1] === tempo && isTempo(out[2]!, vocabulary)) out.splice(1, 1);
  return out;
}

/** Number of notes in a token stream (one DURATION token ends each). */
export function noteCount(tokens: readonly number[], vocabulary: Vocabulary): number {
  return tokens.filter((t) => vocabulary.isToken(t) && vocabulary.info(t).kind === "DURATION").length;
}

/**
 * A prompt of `bars` bars from one of the pieces, drawn with `random`: a piece, then a starting bar among those whose
 * bars hold at least `minNotes` notes (openings are often a lone drum fill or silence).
 */
export function drawPrompt(pieces: ReadonlyArray<{ name: string; tokens: readonly number[] }>, bars: number, random: SeededRandom, vocabulary: Vocabulary, minNotes = 4): Prompt {
  if (pieces.length === 0) throw new RangeError("no piece to draw a prompt from");
  for (let attempt = 0; attempt < 64; attempt++) {
    const piece = pieces[random.int(0, pieces.length)]!;
    const total = piece.tokens.filter((t) => t === vocabulary.bar).length;
    if (total < bars) continue;
    const firstBar = random.int(0, total - bars + 1);
    const tokens = barSlice(piece.tokens, firstBar, bars, vocabulary);
    if (noteCount(tokens, vocabulary) >= minNotes) return { piece: piece.name, firstBar, bars, tokens };
  }
  throw new RangeError(`no ${bars}-bar stretch with ${minNotes}+ notes found in ${pieces.length} piece(s)`);
}

/**
 * The generated part of a stream that began with a prompt: BOS STYLE, then from the first BAR the model wrote (notes
 * it added to the prompt's last bar are dropped with that bar), with the tempo in force at that point.
 */
export function continuation(tokens: readonly number[], promptLength: number, vocabulary: Vocabulary): number[] {
  let tempo: number | undefined;
  for (let i = 0; i < promptLength; i++) if (isTempo(tokens[i]!, vocabulary)) tempo = tokens[i]!;
  let start = promptLength;
  while (start < tokens.length && tokens[start] !== vocabulary.bar) {
    if (isTempo(tokens[start]!, vocabulary)) tempo = tokens[start]!;
    start++;
  }
  const body = tokens.slice(start);
  if (body.length > 0 && tempo !== undefined && !(body.length > 1 && isTempo(body[1]!, vocabulary))) body.splice(1, 0, tempo);
  return [...tokens.slice(0, 2), ...(body.length > 0 ? body : [vocabulary.bar, vocabulary.eos])];
}

function isTempo(token: number, vocabulary: Vocabulary): boolean {
  return vocabulary.isToken(token) && vocabulary.info(token).kind === "TEMPO";
}
