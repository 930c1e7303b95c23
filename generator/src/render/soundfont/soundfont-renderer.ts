import { readFile } from "node:fs/promises";
import path from "node:path";
import type { NoteRenderer } from "../note-renderer.js";
import { InvalidSoundFontError } from "../render-error.js";
import { velocityGain, type SynthNote } from "../synth-note.js";
import { Gen, combine, zoneMatches } from "./generators.js";
import { parseSoundFont, type Preset, type SoundFont } from "./parse-soundfont.js";
import { renderSampleVoice } from "./sample-voice.js";

/** General MIDI's percussion bank in SoundFont numbering. */
const DRUM_BANK = 128;

/**
 * Plays notes with the instruments of a General MIDI SoundFont: bank 0 program n for melodic notes (any bank with
 * that program as a fallback), bank 128 for drums. Each note sums the sample zones its key and velocity select
 * (the left and right halves of a stereo sample both sound, mixed to mono: the mixer pans by instrument).
 */
export class SoundFontRenderer implements NoteRenderer {
  readonly name: string;
  readonly #font: SoundFont;
  readonly #melodic = new Map<number, Preset>();
  readonly #drums: Preset | undefined;

  constructor(font: SoundFont, fileName: string) {
    this.name = `soundfont:${fileName}`;
    this.#font = font;
    const ordered = [...font.presets].sort((a, b) => a.bank - b.bank);
    for (const preset of ordered) {
      if (preset.bank !== DRUM_BANK && preset.program < 128 && !this.#melodic.has(preset.program)) this.#melodic.set(preset.program, preset);
    }
    this.#drums = ordered.find((p) => p.bank === DRUM_BANK && p.program === 0) ?? ordered.find((p) => p.bank === DRUM_BANK);
    if (this.#melodic.size === 0 && !this.#drums) throw new InvalidSoundFontError("no presets");
  }

  renderNote(note: SynthNote, sampleRate: number): Float32Array {
    const preset = note.isDrum ? this.#drums : (this.#melodic.get(note.program) ?? this.#melodic.values().next().value);
    const voices: Float32Array[] = [];
    const velocity = Math.max(1, Math.round(note.velocity));
    for (const presetZone of preset?.zones ?? []) {
      if (!zoneMatches(new Map([...(preset!.global ?? []), ...presetZone]), note.pitch, velocity)) continue;
      const instrument = this.#font.instruments[presetZone.get(Gen.instrument)!]!;
      for (const zone of instrument.zones) {
        const merged = new Map([...(instrument.global ?? []), ...zone]);
        if (!zoneMatches(merged, note.pitch, velocity)) continue;
        const generators = combine(instrument.global, zone, preset!.global, presetZone);
        const header = this.#font.sampleHeaders[zone.get(Gen.sampleID)!]!;
        voices.push(renderSampleVoice(note, generators, header, this.#font.samples, sampleRate));
      }
    }
    const length = voices.reduce((n, v) => Math.max(n, v.length), 0);
    const out = new Float32Array(length);
    // Velocity as the built-in synth scales it, so that the two instrument sets balance the same way in the mix.
    const gain = velocityGain(note.velocity) * 2;
    for (const v of voices) for (let i = 0; i < v.length; i++) out[i]! += v[i]! * gain;
    return out;
  }
}

/** Where Debian's General MIDI SoundFont packages install, best first. */
export const INSTALLED_SOUNDFONT_PATHS: readonly string[] = [
  "/usr/share/sounds/sf2/FluidR3_GM.sf2", // fluid-soundfont-gm
  "/usr/share/sounds/sf2/TimGM6mb.sf2", // timgm6mb-soundfont
  "/usr/share/sounds/sf2/default-GM.sf2",
];

/** Reads and parses a SoundFont 2 file into a renderer. @throws InvalidSoundFontError, or Node's ENOENT. */
export async function loadSoundFont(file: string): Promise<SoundFontRenderer> {
  return new SoundFontRenderer(parseSoundFont(await readFile(file)), path.basename(file));
}

/** The first installed General MIDI SoundFont, loaded; undefined when none is installed. */
export async function loadInstalledSoundFont(paths: readonly string[] = INSTALLED_SOUNDFONT_PATHS): Promise<SoundFontRenderer | undefined> {
  for (const file of paths) {
    try {
      return await loadSoundFont(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") continue;
      throw error;
    }
  }
  return undefined;
}
