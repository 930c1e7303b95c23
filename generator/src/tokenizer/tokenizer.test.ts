import tonejs from "@tonejs/midi";
import { describe, expect, it } from "vitest";
import { SeededRandom } from "../../audio/src/random/seeded-random.js";
import { syntheticCorpus } from "../corpus/synthetic-corpus.js";
import { decodeTokens, tokensDurationSeconds, tokensToNoteSequence } from "./decode-tokens.js";
import { encodeMidi } from "./encode-midi.js";
import { firstBars } from "./first-bars.js";
import { GrammarState } from "./grammar.js";
import { midiToNoteSequence } from "./midi-to-note-sequence.js";
import { tempoBucket } from "./quantize.js";
import { InvalidTokensError } from "./tokenizer-error.js";
import { createVocabulary } from "./vocabulary.js";

const { Midi } = tonejs;
const vocabulary = createVocabulary();

/** A two-instrument piece with drums, off-grid onsets, odd lengths and a tempo change at bar 2. */
function handMadeMidi(): Uint8Array {
  const midi = new Midi();
  const ppq = midi.header.ppq; // 480: a step (1/16) is 120 ticks
  midi.header.tempos = [{ ticks: 0, bpm: 100 }, { ticks: 2 * 4 * ppq + 7, bpm: 150 }];
  midi.header.update();
  const piano = midi.addTrack();
  piano.instrument.number = 0;
  piano.addNote({ midi: 60, ticks: 0, durationTicks: 480, velocity: 100 / 127 });
  piano.addNote({ midi: 64, ticks: 5, durationTicks: 470, velocity: 90 / 127 }); // 5 ticks late: snaps to step 0
  piano.addNote({ midi: 67, ticks: 130, durationTicks: 250, velocity: 64 / 127 }); // step 1, 2 steps long
  piano.addNote({ midi: 72, ticks: 2000, durationTicks: 3000, velocity: 127 / 127 }); // step 17 (bar 1), 25 steps -> 24
  const strings = midi.addTrack();
  strings.channel = 1;
  strings.instrument.number = 48;
  strings.addNote({ midi: 55, ticks: 0, durationTicks: 1920, velocity: 40 / 127 });
  strings.addNote({ midi: 57, ticks: 4 * 1920, durationTicks: 960, velocity: 50 / 127 }); // bar 4 after an empty bar 3
  const drums = midi.addTrack();
  drums.channel = 9;
  drums.addNote({ midi: 36, ticks: 0, durationTicks: 60, velocity: 110 / 127 });
  drums.addNote({ midi: 42, ticks: 240, durationTicks: 60, velocity: 70 / 127 });
  return midi.toArray();
}

describe("encodeMidi / decodeTokens", () => {
  it("puts notes on the grid and gives them back on decode (quantisation-aware round trip)", () => {
    const tokens = encodeMidi(handMadeMidi());
    const notes = tokensToNoteSequence(tokens).notes;
    // Tempi come back as their bucket's value (the nearest of 32 log-spaced tempi).
    const slow = vocabulary.spec.tempoBpms[tempoBucket(vocabulary.spec, 100)]!;
    const fast = vocabulary.spec.tempoBpms[tempoBucket(vocabulary.spec, 150)]!;
    expect(Math.abs(slow - 100)).toBeLessThan(4);
    const step = 60 / slow / 4;
    const piano = notes.filter((n) => n.program === 0 && !n.isDrum).map((n) => [n.pitch, n.startSeconds, n.durationSeconds]);
    expect(piano).toEqual([
      [60, 0, expect.closeTo(4 * step, 9)],
      [64, 0, expect.closeTo(4 * step, 9)],
      [67, expect.closeTo(step, 9), expect.closeTo(2 * step, 9)],
      [72, expect.closeTo(17 * step, 9), expect.closeTo(15 * step + (9 * 60) / fast / 4, 9)], // crosses the tempo change
    ]);
    const drums = notes.filter((n) => n.isDrum);
    expect(drums.map((n) => [n.pitch, n.startSeconds])).toEqual([[36, 0], [42, expect.closeTo(2 * step, 9)]]);
    const strings = notes.filter((n) => n.program === 48);
    expect(strings).toHaveLength(2);
    // Bars 0-1 at the slow tempo, 2-4 at the fast one (the change at tick 3847 snaps to bar 2).
    expect(tokensToNoteSequence(tokens).tempoBpm).toBe(slow);
    expect(tokensDurationSeconds(tokens)).toBeCloseTo(2 * 4 * (60 / slow) + 3 * 4 * (60 / fast), 9);
  });

  it("is a fixed point after one quantisation: encode(decode(encode(x))) == encode(x)", () => {
    for (const piece of [...syntheticCorpus(1, { pieces: 3 }), ...syntheticCorpus(2, { pieces: 3 }), { name: "hand", bytes: handMadeMidi() }]) {
      const tokens = encodeMidi(piece.bytes);
      expect(encodeMidi(decodeTokens(tokens)), piece.name).toEqual(tokens);
      expect(midiToNoteSequence(decodeTokens(tokens)), piece.name).toEqual(tokensToNoteSequence(tokens));
    }
  });

  it("keeps velocities in their bucket and programs, drums and channels apart", () => {
    const tokens = encodeMidi(handMadeMidi());
    const midi = new Midi(decodeTokens(tokens));
    const drums = midi.tracks.find((t) => t.instrument.percussion)!;
    expect(drums.notes.map((n) => n.midi)).toEqual([36, 42]);
    const programs = midi.tracks.filter((t) => !t.instrument.percussion).map((t) => t.instrument.number).sort((a, b) => a - b);
    expect(programs).toEqual([0, 48]);
    for (const track of midi.tracks) for (const note of track.notes) expect(note.velocity * 127).toBeGreaterThanOrEqual(1);
    const loud = midi.tracks.flatMap((t) => t.notes).find((n) => n.midi === 72)!;
    expect(Math.abs(loud.velocity * 127 - 127)).toBeLessThanOrEqual(127 / 16);
  });

  it("writes the REMI-like stream the grammar accepts", () => {
    const tokens = encodeMidi(syntheticCorpus(3, { pieces: 1 })[0]!.bytes);
    expect(tokens[0]).toBe(vocabulary.bos);
    expect(tokens[1]).toBe(vocabulary.bar);
    expect(vocabulary.info(tokens[2]!).kind).toBe("TEMPO");
    expect(tokens[tokens.length - 1]).toBe(vocabulary.eos);
    const grammar = new GrammarState(vocabulary);
    for (const t of tokens) {
      expect(grammar.accepts(t)).toBe(true);
      grammar.advance(t);
    }
    expect(grammar.phase).toBe("end");
    expect(tokens.filter((t) => t === vocabulary.bar)).toHaveLength(8);
  });

  it("decodes any stream the grammar mask allows (random walks)", () => {
    const random = new SeededRandom(5);
    const mask = new Uint8Array(vocabulary.size);
    for (let walk = 0; walk < 20; walk++) {
      const grammar = new GrammarState(vocabulary);
      const tokens: number[] = [];
      while (grammar.phase !== "end" && tokens.length < 400) {
        grammar.fillMask(mask);
        const allowed = [...mask.keys()].filter((i) => mask[i]);
        const token = allowed[random.int(0, allowed.length)]!;
        grammar.advance(token);
        tokens.push(token);
      }
      if (!grammar.atBoundary) continue;
      const midi = decodeTokens(tokens);
      expect(encodeMidi(midi).filter((t) => vocabulary.info(t).kind === "PITCH")).toHaveLength(grammar.notes);
    }
  });

  it("rejects streams that break the grammar, naming where", () => {
    const tokens = encodeMidi(handMadeMidi());
    expect(() => decodeTokens([vocabulary.bar, ...tokens])).toThrow(InvalidTokensError);
    expect(() => decodeTokens([...tokens.slice(0, 6)])).toThrow(/inside a note/);
    expect(() => decodeTokens([vocabulary.bos, vocabulary.bar, 99_999])).toThrow(/id 99999/);
    const pitch = tokens.findIndex((t) => vocabulary.info(t).kind === "PITCH");
    const swapped = [...tokens];
    swapped[pitch + 1] = tokens[pitch + 2]!; // DURATION where VELOCITY belongs
    expect(() => decodeTokens(swapped)).toThrow(new RegExp(`index ${pitch + 1}`));
  });

  it("cuts a prompt of the first bars", () => {
    const tokens = encodeMidi(syntheticCorpus(4, { pieces: 1 })[0]!.bytes);
    const prompt = firstBars(tokens, 2, vocabulary);
    expect(prompt.filter((t) => t === vocabulary.bar)).toHaveLength(2);
    expect(tokensToNoteSequence(prompt).notes).toEqual(tokensToNoteSequence(tokens).notes.filter((n) => n.startSeconds < tokensDurationSeconds(prompt) - 1e-9));
  });
});
