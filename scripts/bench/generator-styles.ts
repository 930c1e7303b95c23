import type { MidiMetaText } from "./lib/midi-meta-text.js";

/**
 * Artist / style labels of the bench corpora. Composer or copyright meta events name an author in only 2 of
 * Freedoom's 67 music lumps (GhostlyDeath in D_BUNNY, Tyler Pantella in D_DDTBL3), so Freedoom is grouped by the
 * authoring signature its track-name meta events carry: each contributor's sequencer and naming habits (a numbered
 * song title with section markers; General MIDI program names; terse abbreviations such as "drm", "ovr", "squ").
 * Planet Blupi's music is one collection by one game's composer(s). Pieces no rule claims are pretraining material.
 */
export interface StyleRule {
  id: string;
  description: string;
  matches(piece: LabelledPieceInput): boolean;
}

export interface LabelledPieceInput {
  /** `<collection>/<name>`, e.g. `planetblupi/music000.mid` or `freedoom/freedoom1.wad:D_E1M4`. */
  name: string;
  texts: readonly MidiMetaText[];
}

/** Style of the pieces no rule claims (pretraining only). */
export const GENERAL_STYLE = "freedoom-other";

const trackNames = (piece: LabelledPieceInput): string[] => piece.texts.filter((t) => t.type === 3).map((t) => t.text.trim());

export const STYLE_RULES: readonly StyleRule[] = [
  {
    id: "planetblupi",
    description: "Planet Blupi (Debian planetblupi-music-midi)",
    matches: (p) => p.name.startsWith("planetblupi/"),
  },
  {
    id: "freedoom-album",
    description: "Freedoom, songs titled 'N. Title' with section markers",
    matches: (p) => p.name.startsWith("freedoom/") && trackNames(p).some((n) => /^\d+\.\s+\S/.test(n)),
  },
  {
    id: "freedoom-gm",
    description: "Freedoom, tracks named by General MIDI program ('Pad 2 (warm)', 'Electric Guitar (jazz)')",
    matches: (p) => p.name.startsWith("freedoom/") && trackNames(p).some((n) => n === "Pad 2 (warm)" || n === "Electric Guitar (jazz)"),
  },
  {
    id: "freedoom-terse",
    description: "Freedoom, terse track names ('drm', 'ovr', 'squ', 'sawd', 'dist')",
    matches: (p) => p.name.startsWith("freedoom/") && trackNames(p).filter((n) => /^(drm|drumz|ovr|overdriv|squ|sawd|dist?)\w{0,3}$/.test(n)).length >= 2,
  },
];

/** The first rule's style that claims the piece, else GENERAL_STYLE. */
export function styleOfPiece(piece: LabelledPieceInput, rules: readonly StyleRule[] = STYLE_RULES): string {
  return rules.find((r) => r.matches(piece))?.id ?? GENERAL_STYLE;
}
