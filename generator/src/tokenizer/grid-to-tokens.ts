import { instrumentKey, type GridPiece } from "./grid-piece.js";
import { durationBucket, tempoBucket, velocityBucket } from "./quantize.js";
import type { Vocabulary } from "./vocabulary.js";

/** Token stream of a quantised piece: BOS, then every bar in order, then EOS (no STYLE: training adds it). */
export function gridToTokens(piece: GridPiece, vocabulary: Vocabulary): number[] {
  const v = vocabulary;
  const { positionsPerBar } = v.spec;
  const tokens: number[] = [v.bos];
  const tempoAt = new Map(piece.tempos.map((t) => [t.bar, t.bpm]));
  let index = 0;
  for (let bar = 0; bar < piece.bars; bar++) {
    tokens.push(v.bar);
    const bpm = tempoAt.get(bar);
    if (bpm !== undefined) tokens.push(v.tempoBase + tempoBucket(v.spec, bpm));
    let position = -1;
    let instrument = -1;
    const barEnd = (bar + 1) * positionsPerBar;
    while (index < piece.notes.length && piece.notes[index]!.step < barEnd) {
      const note = piece.notes[index++]!;
      const at = note.step - bar * positionsPerBar;
      if (at !== position) {
        tokens.push(v.positionBase + at);
        position = at;
      }
      const key = instrumentKey(note);
      if (key !== instrument) {
        tokens.push(note.isDrum ? v.drum : v.programBase + note.program);
        instrument = key;
      }
      tokens.push(
        v.pitchBase + note.pitch,
        v.velocityBase + velocityBucket(v.spec, note.velocity),
        v.durationBase + durationBucket(v.spec, note.durationSteps),
      );
    }
  }
  tokens.push(v.eos);
  return tokens;
}
