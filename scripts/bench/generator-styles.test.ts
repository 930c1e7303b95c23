import { describe, expect, it } from "vitest";
import { GENERAL_STYLE, styleOfPiece } from "./generator-styles.js";

const names = (...n: string[]) => n.map((text) => ({ type: 3, text }));

describe("styleOfPiece", () => {
  it("labels Planet Blupi by collection whatever its tracks are called", () => {
    expect(styleOfPiece({ name: "planetblupi/music000.mid", texts: names("Melody 1", "drm", "ovr") })).toBe("planetblupi");
  });

  it("labels Freedoom lumps by the signature in their track names", () => {
    expect(styleOfPiece({ name: "freedoom/freedoom1.wad:D_E1M4", texts: names("5. Flood the City", "Drums") })).toBe("freedoom-album");
    expect(styleOfPiece({ name: "freedoom/freedoom2.wad:D_AMPIE", texts: names("Pad 2 (warm)", "Standard Kit") })).toBe("freedoom-gm");
    expect(styleOfPiece({ name: "freedoom/freedoom1.wad:D_E3M5", texts: names("squ", "ovr", "drm", "pci") })).toBe("freedoom-terse");
  });

  it("leaves a piece with one terse name, no names, or only other meta events to pretraining", () => {
    expect(styleOfPiece({ name: "freedoom/freedoom1.wad:D_E3M2", texts: names("aah", "drm", "str") })).toBe(GENERAL_STYLE);
    expect(styleOfPiece({ name: "freedoom/freedoom1.wad:D_E2M8", texts: [] })).toBe(GENERAL_STYLE);
    expect(styleOfPiece({ name: "freedoom/x", texts: [{ type: 1, text: "5. Not a track name" }, { type: 6, text: "drm" }, { type: 6, text: "ovr" }] })).toBe(GENERAL_STYLE);
  });

  it("applies the Freedoom rules only to Freedoom", () => {
    expect(styleOfPiece({ name: "other/song.mid", texts: names("1. Song", "Pad 2 (warm)") })).toBe(GENERAL_STYLE);
  });
});
