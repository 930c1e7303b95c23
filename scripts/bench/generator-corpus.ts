import { encodeCorpus, loadCorpus, splitHeldOut } from "../../generator/src/corpus/index.js";
import type { Vocabulary } from "../../generator/src/tokenizer/vocabulary.js";
import { midiMetaTexts } from "./lib/midi-meta-text.js";
import { GENERAL_STYLE, STYLE_RULES, styleOfPiece } from "./generator-styles.js";

export const PLANETBLUPI_DIR = "/usr/share/planetblupi/music";
/** freedoom1.wad and freedoom2.wad: their D_* music lumps are the pieces. */
export const FREEDOOM_DIR = "/usr/share/games/doom";

export interface BenchPiece {
  name: string;
  style: string;
  tokens: number[];
}

export interface StyleSplit {
  style: string;
  description: string;
  /** Pieces the models and the classifier learn from. */
  train: BenchPiece[];
  /**
   * Pieces for every choice made during training and tuning (early stopping, learning rate, sampling settings, the
   * classifier's regularisation); never trained on. Split from the training side, so the held-out pieces are used
   * for nothing but the reported numbers.
   */
  validation: BenchPiece[];
  /** Pieces for the reported numbers only. */
  heldOut: BenchPiece[];
}

export interface BenchCorpus {
  /** The artists: styles with at least `minPieces` pieces, each split into training and held-out pieces. */
  artists: StyleSplit[];
  /** Pieces of no artist (pretraining material only). */
  general: BenchPiece[];
  skipped: Array<{ name: string; reason: string }>;
}

/**
 * Both corpora, labelled (generator-styles.ts), tokenised, and split per style with a seeded shuffle, so every style
 * keeps its share of held-out pieces.
 */
export async function loadBenchCorpus(vocabulary: Vocabulary, options: BenchSplitOptions): Promise<BenchCorpus> {
  const pieces: BenchPiece[] = [];
  const skipped: BenchCorpus["skipped"] = [];
  for (const [collection, dir] of [["planetblupi", PLANETBLUPI_DIR], ["freedoom", FREEDOOM_DIR]] as const) {
    // The WADs are 27-29 MB, above loadCorpus's default file limit.
    const loaded = await loadCorpus(dir, { maxFileBytes: 64 * 1024 * 1024 });
    const encoded = encodeCorpus(loaded.pieces, { vocabulary });
    skipped.push(...loaded.skipped, ...encoded.skipped);
    const bytesOf = new Map(loaded.pieces.map((p) => [p.name, p.bytes]));
    for (const piece of encoded.pieces) {
      const name = `${collection}/${piece.name}`;
      pieces.push({ name, style: styleOfPiece({ name, texts: midiMetaTexts(bytesOf.get(piece.name)!) }), tokens: piece.tokens });
    }
  }
  const artists: StyleSplit[] = [];
  const general = pieces.filter((p) => p.style === GENERAL_STYLE);
  for (const rule of STYLE_RULES) {
    const own = pieces.filter((p) => p.style === rule.id);
    if (own.length < options.minPieces) {
      general.push(...own.map((p) => ({ ...p, style: GENERAL_STYLE })));
      continue;
    }
    artists.push({ style: rule.id, description: rule.description, ...splitStyle(own, options) });
  }
  return { artists, general, skipped };
}

export interface BenchSplitOptions {
  heldOutFraction: number;
  /** Share of the pieces left after the held-out split that go to validation (at least one when two or more are left). */
  validationFraction: number;
  seed: number;
  minPieces: number;
}

/**
 * One style's pieces in three: held out first (the same pieces whatever the validation share), then validation from
 * what is left, each with its own seeded shuffle.
 */
export function splitStyle<T>(pieces: readonly T[], options: Pick<BenchSplitOptions, "heldOutFraction" | "validationFraction" | "seed">): { train: T[]; validation: T[]; heldOut: T[] } {
  const { train: rest, heldOut } = splitHeldOut(pieces, options.heldOutFraction, options.seed);
  const { train, heldOut: validation } = splitHeldOut(rest, options.validationFraction, options.seed + VALIDATION_SEED_OFFSET);
  return { train, validation, heldOut };
}

const VALIDATION_SEED_OFFSET = 1_000_003;
