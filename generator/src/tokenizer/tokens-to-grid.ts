import { GrammarState } from "./grammar.js";
import type { GridNote, GridPiece, GridTempo } from "./grid-piece.js";
import { velocityOfBucket } from "./quantize.js";
import { InvalidTokensError } from "./tokenizer-error.js";
import type { Vocabulary } from "./vocabulary.js";

/**
 * Reads a token stream back onto the grid. The stream must follow the grammar (what the encoder writes and the
 * sampler produces); it may end without EOS, but not inside a note. Tokens after EOS are ignored.
 */
export function tokensToGrid(tokens: readonly number[], vocabulary: Vocabulary): GridPiece {
  const v = vocabulary;
  const { positionsPerBar } = v.spec;
  const grammar = new GrammarState(v);
  const tempos: GridTempo[] = [];
  const notes: GridNote[] = [];
  let pending: Partial<GridNote> = {};
  let program = 0;
  let isDrum = false;
  for (let i = 0; i < tokens.length && grammar.phase !== "end"; i++) {
    const token = tokens[i]!;
    if (!grammar.accepts(token)) {
      const what = v.isToken(token) ? `${v.info(token).kind}` : `id ${String(token)} (vocabulary has ${v.size})`;
      throw new InvalidTokensError(`unexpected ${what} at index ${i} (after ${grammar.phase})`);
    }
    grammar.advance(token);
    const { kind, value } = v.info(token);
    const bar = grammar.bars - 1;
    switch (kind) {
      case "TEMPO":
        tempos.push({ bar, bpm: v.spec.tempoBpms[value]! });
        break;
      case "PROGRAM":
        program = value;
        isDrum = false;
        break;
      case "DRUM":
        program = 0;
        isDrum = true;
        break;
      case "PITCH":
        pending = { step: bar * positionsPerBar + grammar.position, pitch: value, program, isDrum };
        break;
      case "VELOCITY":
        pending.velocity = velocityOfBucket(v.spec, value);
        break;
      case "DURATION":
        notes.push({ ...(pending as Omit<GridNote, "durationSteps">), durationSteps: v.spec.durationSteps[value]! });
        break;
      default:
        break;
    }
  }
  if (!grammar.atBoundary) throw new InvalidTokensError(`the stream ends inside a note (after ${grammar.phase})`);
  if (tempos.length === 0 || tempos[0]!.bar !== 0) tempos.unshift({ bar: 0, bpm: 120 });
  return { tempos, notes, bars: Math.max(1, grammar.bars) };
}
