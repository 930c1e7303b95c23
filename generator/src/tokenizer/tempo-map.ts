import type { GridTempo } from "./grid-piece.js";

/** Seconds at a grid step, under tempo changes on bar lines (a bar is four beats). */
export function secondsAtStep(tempos: readonly GridTempo[], positionsPerBar: number, step: number): number {
  let seconds = 0;
  for (let i = 0; i < tempos.length; i++) {
    const startStep = tempos[i]!.bar * positionsPerBar;
    if (step <= startStep) break;
    const next = tempos[i + 1];
    const endStep = next ? Math.min(step, next.bar * positionsPerBar) : step;
    seconds += ((endStep - startStep) / positionsPerBar) * (4 * 60) / tempos[i]!.bpm;
  }
  return seconds;
}
