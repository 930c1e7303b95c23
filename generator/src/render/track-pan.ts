import type { SequenceNote } from "../tokenizer/note-sequence.js";

/** Equal-power gains (left, right) for a pan in -1 .. +1: the loudness stays the same across the stage. */
export function panGains(pan: number): [number, number] {
  const angle = ((Math.max(-1, Math.min(1, pan)) + 1) * Math.PI) / 4;
  return [Math.cos(angle), Math.sin(angle)];
}

/** The instrument a note belongs to: its program, or "drums" for channel 10. */
export function instrumentOf(note: SequenceNote): string {
  return note.isDrum ? "drums" : `program-${note.program}`;
}

/**
 * A stereo position per instrument of the piece, as a mixing engineer would set a band: drums and bass (GM 32-39)
 * in the centre, the other instruments spread evenly over -0.6 .. +0.6 in program order, a lone one in the centre.
 */
export function instrumentPans(notes: readonly SequenceNote[]): Map<string, number> {
  const pans = new Map<string, number>();
  const spread = new Set<number>();
  for (const note of notes) {
    if (note.isDrum || (note.program >= 32 && note.program < 40)) pans.set(instrumentOf(note), 0);
    else spread.add(note.program);
  }
  const programs = [...spread].sort((a, b) => a - b);
  programs.forEach((program, i) => {
    pans.set(`program-${program}`, programs.length === 1 ? 0 : -0.6 + (1.2 * i) / (programs.length - 1));
  });
  return pans;
}
