import { createHash } from "node:crypto";
import { canonicalJson } from "./canonical-json.js";

/**
 * The REMI-like event vocabulary. A piece reads
 *   BOS STYLE_s BAR TEMPO_t POSITION_p [PROGRAM_i] PITCH_k VELOCITY_v DURATION_d ... BAR ... EOS
 * Every bar opens with BAR (empty bars included, so silence keeps its length); TEMPO may follow BAR when the tempo
 * changes; POSITION gives the onset within the bar on a grid of `positionsPerBar` steps (4/4 is assumed: a bar is
 * four quarter notes); PROGRAM is emitted only when the instrument differs from the previous note's (DRUM stands for
 * the percussion channel), which keeps chords of one instrument short.
 */
export interface VocabularySpec {
  /** Grid steps per bar (16 = sixteenth notes in 4/4). */
  positionsPerBar: number;
  /** Number of velocity buckets spread evenly over 1..127. */
  velocityBins: number;
  /** Note lengths, in grid steps, that DURATION tokens stand for (ascending); a note takes the nearest. */
  durationSteps: number[];
  /** Tempi in BPM that TEMPO tokens stand for (ascending); a tempo takes the nearest (in log space). */
  tempoBpms: number[];
  /** STYLE tokens reserved, so that fine-tuning can add an artist without resizing the embeddings. */
  maxStyles: number;
}

/** Kinds of token, in vocabulary order. */
export type TokenKind =
  | "PAD" | "BOS" | "EOS" | "STYLE" | "BAR" | "TEMPO" | "POSITION" | "PROGRAM" | "DRUM" | "PITCH" | "VELOCITY" | "DURATION";

/** A token id decoded into its kind and the value it carries (the bucket or program or pitch index). */
export interface TokenInfo {
  kind: TokenKind;
  value: number;
}

/** A vocabulary built from a spec: token id ranges, and a hash that pins it in model configs. */
export interface Vocabulary {
  spec: VocabularySpec;
  size: number;
  /** SHA-256 (hex) of the canonical spec: a model only reads token streams of the vocabulary it was trained on. */
  hash: string;
  pad: number;
  bos: number;
  eos: number;
  bar: number;
  drum: number;
  /** First id of each ranged kind. */
  styleBase: number;
  tempoBase: number;
  positionBase: number;
  programBase: number;
  pitchBase: number;
  velocityBase: number;
  durationBase: number;
  /** Kind and value of any id (throws on ids out of range: callers check with `isToken`). */
  info(id: number): TokenInfo;
  isToken(id: number): boolean;
}

/** The default vocabulary: 16 steps per bar, 16 velocities, 20 lengths (1/16 to 4 bars), 32 tempi (40..240 BPM). */
export const defaultVocabularySpec: VocabularySpec = {
  positionsPerBar: 16,
  velocityBins: 16,
  durationSteps: [1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 14, 16, 20, 24, 28, 32, 40, 48, 56, 64],
  tempoBpms: Array.from({ length: 32 }, (_, k) => Math.round(40 * Math.pow(6, k / 31) * 10) / 10),
  maxStyles: 32,
};

/** Build the vocabulary of a spec. */
export function createVocabulary(spec: VocabularySpec = defaultVocabularySpec): Vocabulary {
  validateSpec(spec);
  const ranges: Array<[TokenKind, number]> = [
    ["PAD", 1], ["BOS", 1], ["EOS", 1], ["BAR", 1], ["DRUM", 1],
    ["STYLE", spec.maxStyles],
    ["TEMPO", spec.tempoBpms.length],
    ["POSITION", spec.positionsPerBar],
    ["PROGRAM", 128],
    ["PITCH", 128],
    ["VELOCITY", spec.velocityBins],
    ["DURATION", spec.durationSteps.length],
  ];
  const base = new Map<TokenKind, number>();
  const kindOf: TokenKind[] = [];
  const valueOf: number[] = [];
  for (const [kind, count] of ranges) {
    base.set(kind, kindOf.length);
    for (let v = 0; v < count; v++) {
      kindOf.push(kind);
      valueOf.push(v);
    }
  }
  const at = (kind: TokenKind): number => base.get(kind)!;
  const size = kindOf.length;
  return {
    spec,
    size,
    hash: createHash("sha256").update(canonicalJson({ tokenizer: "soundmark-remi-1", spec })).digest("hex"),
    pad: at("PAD"),
    bos: at("BOS"),
    eos: at("EOS"),
    bar: at("BAR"),
    drum: at("DRUM"),
    styleBase: at("STYLE"),
    tempoBase: at("TEMPO"),
    positionBase: at("POSITION"),
    programBase: at("PROGRAM"),
    pitchBase: at("PITCH"),
    velocityBase: at("VELOCITY"),
    durationBase: at("DURATION"),
    isToken: (id) => Number.isInteger(id) && id >= 0 && id < size,
    info(id) {
      if (!(Number.isInteger(id) && id >= 0 && id < size)) throw new RangeError(`token id ${id} out of 0..${size - 1}`);
      return { kind: kindOf[id]!, value: valueOf[id]! };
    },
  };
}

function validateSpec(spec: VocabularySpec): void {
  if (spec === null || typeof spec !== "object" || !Array.isArray(spec.durationSteps) || !Array.isArray(spec.tempoBpms)) {
    throw new RangeError("Invalid vocabulary spec: not an object with durationSteps and tempoBpms arrays");
  }
  const fail = (what: string): never => {
    throw new RangeError(`Invalid vocabulary spec: ${what}`);
  };
  if (!Number.isInteger(spec.positionsPerBar) || spec.positionsPerBar < 1 || spec.positionsPerBar > 96) fail("positionsPerBar");
  if (!Number.isInteger(spec.velocityBins) || spec.velocityBins < 1 || spec.velocityBins > 127) fail("velocityBins");
  if (!Number.isInteger(spec.maxStyles) || spec.maxStyles < 1 || spec.maxStyles > 4096) fail("maxStyles");
  if (!isAscending(spec.durationSteps) || spec.durationSteps.some((d) => !Number.isInteger(d) || d < 1)) fail("durationSteps");
  if (!isAscending(spec.tempoBpms) || spec.tempoBpms.some((t) => !(t > 0))) fail("tempoBpms");
}

function isAscending(values: readonly number[]): boolean {
  return values.length > 0 && values.every((v, i) => i === 0 || v > values[i - 1]!);
}
