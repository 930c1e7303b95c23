import { existsSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { Fft } from "../../../audio/src/fft/fft.js";
import type { SequenceNote } from "../../tokenizer/note-sequence.js";
import { renderNoteSequence } from "../render-note-sequence.js";
import { InvalidSoundFontError } from "../render-error.js";
import { Gen } from "./generators.js";
import { parseSoundFont } from "./parse-soundfont.js";
import { INSTALLED_SOUNDFONT_PATHS, SoundFontRenderer, loadInstalledSoundFont, loadSoundFont } from "./soundfont-renderer.js";
import { buildSoundFont } from "./testing/build-soundfont.js";

const RATE = 44_100;

/** A bank with a looped 441 Hz sine (tuned down 4 cents to A4), a one-shot noise drum and a transposing preset. */
function testFont(): Uint8Array {
  const samples = new Int16Array(2000 + 4410 + 92);
  for (let i = 0; i < 2000; i++) samples[i] = Math.round(16000 * Math.sin((2 * Math.PI * i) / 100));
  let x = 12345;
  for (let i = 0; i < 4410; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    samples[2046 + i] = Math.round(((x / 2 ** 32) * 2 - 1) * 20000 * Math.exp(-i / 800));
  }
  return buildSoundFont({
    samples,
    sampleHeaders: [
      { name: "sine", start: 0, end: 2000, loopStart: 1000, loopEnd: 2000, sampleRate: RATE, originalPitch: 69, pitchCorrection: -4 },
      { name: "noise", start: 2046, end: 2046 + 4410, loopStart: 2046, loopEnd: 2046, sampleRate: RATE, originalPitch: 60, pitchCorrection: 0 },
    ],
    instruments: [
      {
        name: "Sine",
        global: new Map([[Gen.attackVolEnv, -7973]]),
        zones: [new Map([[Gen.sampleModes, 1], [Gen.releaseVolEnv, -3986], [Gen.initialAttenuation, 60], [Gen.sampleID, 0]])],
      },
      { name: "Noise", zones: [new Map([[Gen.sampleID, 1]])] },
    ],
    presets: [
      { name: "Sine", bank: 0, program: 0, zones: [new Map([[Gen.instrument, 0]])] },
      { name: "Drums", bank: 128, program: 0, zones: [new Map([[Gen.instrument, 1]])] },
      { name: "Sine up", bank: 0, program: 40, zones: [new Map([[Gen.keyRange, 59 << 8], [Gen.coarseTune, 12], [Gen.instrument, 0]])] },
    ],
  });
}

const renderer = () => new SoundFontRenderer(parseSoundFont(testFont()), "test.sf2");

function note(partial: Partial<SequenceNote>): SequenceNote {
  return { pitch: 69, velocity: 100, startSeconds: 0, durationSeconds: 1, program: 0, isDrum: false, ...partial };
}

function peakHz(x: Float32Array, start: number): number {
  const n = 16_384;
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  for (let i = 0; i < n && start + i < x.length; i++) re[i] = x[start + i]! * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n));
  new Fft(n).transform(re, im);
  let best = 1;
  const mag = (k: number) => Math.hypot(re[k]!, im[k]!);
  for (let k = 2; k < n / 2 - 1; k++) if (mag(k) > mag(best)) best = k;
  const [a, b, c] = [mag(best - 1), mag(best), mag(best + 1)];
  return ((best + (0.5 * (a - c)) / (a - 2 * b + c)) * RATE) / n;
}

function rms(x: Float32Array, fromIndex: number, toIndex: number): number {
  const [from, to] = [Math.round(fromIndex), Math.round(toIndex)];
  let s = 0;
  for (let i = from; i < to; i++) s += x[i]! ** 2;
  return Math.sqrt(s / (to - from));
}

describe("SoundFont sampler", () => {
  it("plays the sample at the note's pitch from its root key and tuning", () => {
    const r = renderer();
    for (const pitch of [57, 69, 76, 81]) {
      const out = r.renderNote({ ...note({ pitch }), pan: 0 }, RATE);
      const expected = 440 * 2 ** ((pitch - 69) / 12);
      expect(Math.abs(peakHz(out, 2048) / expected - 1), `pitch ${pitch}`).toBeLessThan(0.002);
    }
  });

  it("loops a looped sample for as long as the key is held, then releases", () => {
    const out = renderer().renderNote({ ...note({ durationSeconds: 2 }), pan: 0 }, RATE);
    const early = rms(out, 0.2 * RATE, 0.4 * RATE);
    const late = rms(out, 1.8 * RATE, 2 * RATE);
    expect(early).toBeGreaterThan(0.05);
    expect(late / early).toBeCloseTo(1, 2);
    // release of 0.1 s over 100 dB: 50 ms after the note-off the level is down by about 50 dB
    expect(rms(out, 2.05 * RATE, 2.06 * RATE)).toBeLessThan(early * 10 ** (-40 / 20));
    // initialAttenuation 6 dB of a 0.49-peak sine at velocity 100 scaled by the velocity curve
    expect(early).toBeLessThan(0.49 / Math.SQRT2);
  });

  it("adds preset-level tuning, honours key ranges and falls back for unknown programs", () => {
    const r = renderer();
    const up = r.renderNote({ ...note({ pitch: 57, program: 40 }), pan: 0 }, RATE);
    expect(Math.abs(peakHz(up, 2048) / 440 - 1)).toBeLessThan(0.002);
    expect(r.renderNote({ ...note({ pitch: 69, program: 40 }), pan: 0 }, RATE).length).toBe(0);
    const fallback = r.renderNote({ ...note({ program: 100 }), pan: 0 }, RATE);
    expect(Math.abs(peakHz(fallback, 2048) / 440 - 1)).toBeLessThan(0.002);
  });

  it("plays drums from bank 128 as one-shots that stop at the sample's end", () => {
    // Key 60 is the sample's root key: played at its own speed, it lasts its 4410 samples.
    const out = renderer().renderNote({ ...note({ isDrum: true, pitch: 60, durationSeconds: 1 }), pan: 0 }, RATE);
    expect(rms(out, 0, 2000)).toBeGreaterThan(0.01);
    expect(rms(out, 4410, out.length)).toBe(0);
  });

  it("renders a sequence through the mixer and names itself in the result", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "sf2-"));
    const file = path.join(dir, "test.sf2");
    await writeFile(file, testFont());
    const loaded = await loadSoundFont(file);
    const { pcm, renderer: name } = renderNoteSequence(
      { tempoBpm: 120, notes: [note({}), note({ isDrum: true, pitch: 36, startSeconds: 0.5 })] },
      { renderer: loaded, durationSeconds: 2 },
    );
    expect(name).toBe("soundfont:test.sf2");
    expect(pcm.channels[0]!.length).toBe(2 * RATE);
    expect(await loadInstalledSoundFont([path.join(dir, "missing.sf2"), file])).toBeInstanceOf(SoundFontRenderer);
    expect(await loadInstalledSoundFont([path.join(dir, "missing.sf2")])).toBeUndefined();
  });

  it("rejects damaged files with InvalidSoundFontError", () => {
    const good = testFont();
    expect(() => parseSoundFont(new TextEncoder().encode("RIFF\0\0\0\0WAVE"))).toThrow(InvalidSoundFontError);
    expect(() => parseSoundFont(good.subarray(0, good.length - 30))).toThrow(InvalidSoundFontError);
    expect(() => parseSoundFont(new Uint8Array(0))).toThrow(InvalidSoundFontError);
    // Every single-byte corruption of the preset data either still parses or fails with the domain error.
    const pdta = good.length - 600;
    for (let i = pdta; i < good.length; i += 3) {
      const bad = Uint8Array.from(good);
      bad[i] = bad[i]! ^ 0xa5;
      try {
        parseSoundFont(bad);
      } catch (error) {
        expect(error, `byte ${i}`).toBeInstanceOf(InvalidSoundFontError);
      }
    }
  });

  it("survives hostile generators: absurd tuning, offsets beyond the sample, huge envelope times", () => {
    const samples = new Int16Array(200).map((_, i) => (i % 2 ? 8000 : -8000));
    const font = parseSoundFont(
      buildSoundFont({
        samples,
        sampleHeaders: [{ name: "s", start: 0, end: 200, loopStart: 50, loopEnd: 150, sampleRate: RATE, originalPitch: 0, pitchCorrection: 0 }],
        instruments: [
          {
            name: "Hostile",
            zones: [
              new Map([
                [Gen.scaleTuning, 1200], [Gen.coarseTune, 120], [Gen.sampleModes, 1], [Gen.releaseVolEnv, 32000],
                [Gen.attackVolEnv, 32000], [Gen.sampleID, 0],
              ]),
              new Map([[Gen.startAddrsOffset, 30000], [Gen.endAddrsCoarseOffset, 500], [Gen.startloopAddrsOffset, -100], [Gen.sampleID, 0]]),
            ],
          },
        ],
        presets: [{ name: "Hostile", bank: 0, program: 0, zones: [new Map([[Gen.instrument, 0]])] }],
      }),
    );
    const out = new SoundFontRenderer(font, "hostile.sf2").renderNote({ ...note({ pitch: 127, durationSeconds: 0.5 }), pan: 0 }, RATE);
    expect(out.length).toBeLessThanOrEqual(Math.round(4.5 * RATE) + 1);
    expect(out.every(Number.isFinite)).toBe(true);
  });

  const installed = INSTALLED_SOUNDFONT_PATHS.find((p) => existsSync(p));
  it.skipIf(!installed)("renders with the installed General MIDI SoundFont", async () => {
    const font = await loadInstalledSoundFont();
    const out = font!.renderNote({ ...note({ program: 0, pitch: 69 }), pan: 0 }, RATE);
    expect(Math.abs(peakHz(out, 2048) / 440 - 1)).toBeLessThan(0.01);
  });
});
