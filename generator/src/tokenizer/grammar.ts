import type { Vocabulary } from "./vocabulary.js";

/**
 * The token grammar as a state machine, shared by the decoder (which rejects what it does not accept) and the sampler
 * (which masks every token it does not accept, so that any sampled stream decodes). It also enforces the canonical
 * order of the encoder: within a position, instruments ascend and, within an instrument, pitches ascend strictly, so
 * that a stream never holds the same note twice.
 */
export type GrammarPhase =
  | "start" // expects BOS
  | "header" // after BOS: STYLE or BAR
  | "styled" // after STYLE: BAR
  | "barOpen" // after BAR: TEMPO, POSITION, BAR, EOS
  | "barBody" // after TEMPO or a complete note: POSITION (later), PROGRAM/PITCH (same position), BAR, EOS
  | "position" // after POSITION: PROGRAM/DRUM, or PITCH when an instrument is current
  | "instrument" // after PROGRAM/DRUM: PITCH
  | "pitch" // after PITCH: VELOCITY
  | "velocity" // after VELOCITY: DURATION
  | "end"; // after EOS: nothing

export class GrammarState {
  readonly vocabulary: Vocabulary;
  phase: GrammarPhase = "start";
  /** Bars opened so far (the current bar is bars - 1). */
  bars = 0;
  /** Position within the bar of the current onset, -1 before the first POSITION of a bar. */
  position = -1;
  /** Instrument key (program, or 128 for drums) of the current note, -1 when none in this bar. */
  instrument = -1;
  /** Highest instrument key used at the current position (-1 at a new position). */
  instrumentFloor = -1;
  /** Highest pitch used by the current instrument at the current position. */
  pitchFloor = -1;
  /** Number of complete notes. */
  notes = 0;

  constructor(vocabulary: Vocabulary) {
    this.vocabulary = vocabulary;
  }

  clone(): GrammarState {
    const copy = new GrammarState(this.vocabulary);
    Object.assign(copy, this);
    return copy;
  }

  /** True when the stream may stop here without losing a note (a complete note or an empty bar). */
  get atBoundary(): boolean {
    return this.phase === "barOpen" || this.phase === "barBody" || this.phase === "end";
  }

  /** True between a POSITION or PROGRAM and the DURATION that completes the note. */
  get insideNote(): boolean {
    return this.phase === "position" || this.phase === "instrument" || this.phase === "pitch" || this.phase === "velocity";
  }

  accepts(token: number): boolean {
    const v = this.vocabulary;
    if (!v.isToken(token)) return false;
    const { kind, value } = v.info(token);
    switch (this.phase) {
      case "start":
        return kind === "BOS";
      case "header":
        return kind === "STYLE" || kind === "BAR";
      case "styled":
        return kind === "BAR";
      case "barOpen":
        return kind === "TEMPO" || kind === "POSITION" || kind === "BAR" || kind === "EOS";
      case "barBody":
        if (kind === "POSITION") return value > this.position;
        if (kind === "BAR" || kind === "EOS") return true;
        if (this.position < 0) return false;
        if (kind === "PROGRAM" || kind === "DRUM") return instrumentKeyOf(kind, value) > this.instrumentFloor;
        if (kind === "PITCH") return this.instrument >= 0 && this.instrument === this.instrumentFloor && value > this.pitchFloor;
        return false;
      case "position":
        if (kind === "PROGRAM" || kind === "DRUM") return true;
        return kind === "PITCH" && this.instrument >= 0;
      case "instrument":
        return kind === "PITCH";
      case "pitch":
        return kind === "VELOCITY";
      case "velocity":
        return kind === "DURATION";
      case "end":
        return false;
    }
  }

  /** Moves past a token; the caller has checked `accepts`. */
  advance(token: number): void {
    const { kind, value } = this.vocabulary.info(token);
    switch (kind) {
      case "BOS":
        this.phase = "header";
        return;
      case "STYLE":
        this.phase = "styled";
        return;
      case "BAR":
        this.bars++;
        this.position = -1;
        this.instrument = -1;
        this.phase = "barOpen";
        return;
      case "TEMPO":
        this.phase = "barBody";
        return;
      case "POSITION":
        this.position = value;
        this.instrumentFloor = -1;
        this.pitchFloor = -1;
        this.phase = "position";
        return;
      case "PROGRAM":
      case "DRUM":
        this.instrument = instrumentKeyOf(kind, value);
        this.instrumentFloor = this.instrument;
        this.pitchFloor = -1;
        this.phase = "instrument";
        return;
      case "PITCH":
        if (this.instrumentFloor !== this.instrument) {
          // The carried-over instrument of the bar, first used at this position.
          this.instrumentFloor = this.instrument;
          this.pitchFloor = -1;
        }
        this.pitchFloor = value;
        this.phase = "pitch";
        return;
      case "VELOCITY":
        this.phase = "velocity";
        return;
      case "DURATION":
        this.notes++;
        this.phase = "barBody";
        return;
      case "EOS":
        this.phase = "end";
        return;
      case "PAD":
        return;
    }
  }

  /** Writes 1 for every acceptable token and 0 elsewhere into `mask` (length = vocabulary size). */
  fillMask(mask: Uint8Array): Uint8Array {
    for (let id = 0; id < mask.length; id++) mask[id] = this.accepts(id) ? 1 : 0;
    return mask;
  }
}

function instrumentKeyOf(kind: "PROGRAM" | "DRUM", value: number): number {
  return kind === "DRUM" ? 128 : value;
}
