import type { Vocabulary } from "../tokenizer/vocabulary.js";

/** Follows a token stream's clock: the seconds of its closed bars and of the bar now open. */
export class TimeTracker {
  readonly vocabulary: Vocabulary;
  /** Seconds of the bars before the open one. */
  closedSeconds = 0;
  /** Tempo of the open bar (and of the next ones, until a TEMPO token). */
  bpm = 120;
  barOpen = false;

  constructor(vocabulary: Vocabulary) {
    this.vocabulary = vocabulary;
  }

  clone(): TimeTracker {
    const copy = new TimeTracker(this.vocabulary);
    Object.assign(copy, this);
    return copy;
  }

  /** Seconds through the end of the open bar. */
  get seconds(): number {
    return this.closedSeconds + (this.barOpen ? this.barSeconds : 0);
  }

  get barSeconds(): number {
    return (4 * 60) / this.bpm;
  }

  advance(token: number): void {
    const v = this.vocabulary;
    if (token === v.bar) {
      if (this.barOpen) this.closedSeconds += this.barSeconds;
      this.barOpen = true;
    } else if (token >= v.tempoBase && token < v.tempoBase + v.spec.tempoBpms.length) {
      this.bpm = v.spec.tempoBpms[token - v.tempoBase]!;
    }
  }
}

/** Length in seconds (whole bars) of a token stream. */
export function streamSeconds(tokens: readonly number[], vocabulary: Vocabulary): number {
  const time = new TimeTracker(vocabulary);
  for (const token of tokens) time.advance(token);
  return time.seconds;
}
