import tonejs from "@tonejs/midi";
import { checkMidiStructure } from "./check-midi-structure.js";
import { compareGridNotes, instrumentKey, type GridNote, type GridPiece, type GridTempo } from "./grid-piece.js";
import { defaultMidiLimits, type MidiLimits } from "./midi-limits.js";
import { durationBucket, tempoBucket, velocityBucket, velocityOfBucket } from "./quantize.js";
import { InvalidMidiError } from "./tokenizer-error.js";
import type { VocabularySpec } from "./vocabulary.js";

const { Midi } = tonejs;

/**
 * Parses a Standard MIDI File and quantises it onto the token grid: onsets to the nearest step, lengths, velocities
 * and tempi to their nearest bucket, tempo changes to the nearest bar line. Bars are 4/4 whatever the file's time
 * signature says (the grid counts quarter notes, so other metres keep their timing but not their bar lines).
 */
export function midiToGrid(bytes: Uint8Array, spec: VocabularySpec, limits: MidiLimits = defaultMidiLimits): GridPiece {
  if (!(bytes instanceof Uint8Array)) throw new InvalidMidiError("expected the bytes of a .mid file");
  if (bytes.length > limits.maxBytes) {
    throw new InvalidMidiError(`file of ${bytes.length} bytes exceeds the ${limits.maxBytes}-byte limit`);
  }
  checkMidiStructure(bytes);
  let midi: InstanceType<typeof Midi>;
  try {
    midi = new Midi(bytes);
  } catch (error) {
    throw new InvalidMidiError(`the event stream does not parse (${(error as Error).message})`, { cause: error });
  }
  const ppq = midi.header.ppq;
  const stepTicks = (ppq * 4) / spec.positionsPerBar;
  const barTicks = ppq * 4;

  const byKey = new Map<string, GridNote>();
  let count = 0;
  for (const track of midi.tracks) {
    const isDrum = track.instrument.percussion;
    const program = isDrum ? 0 : track.instrument.number;
    for (const note of track.notes) {
      if (++count > limits.maxNotes) throw new InvalidMidiError(`more than ${limits.maxNotes} notes`);
      const step = Math.round(note.ticks / stepTicks);
      const steps = Math.max(1, Math.round(note.durationTicks / stepTicks));
      const velocity = Math.round(note.velocity * 127);
      if (velocity <= 0) continue;
      const gridNote: GridNote = {
        step,
        durationSteps: spec.durationSteps[durationBucket(spec, steps)]!,
        pitch: note.midi,
        velocity: velocityOfBucket(spec, velocityBucket(spec, velocity)),
        program,
        isDrum,
      };
      // A repeated onset of one key on one instrument is one note on the grid: keep the longer.
      const key = `${step}:${instrumentKey(gridNote)}:${gridNote.pitch}`;
      const previous = byKey.get(key);
      if (!previous || previous.durationSteps < gridNote.durationSteps) byKey.set(key, gridNote);
    }
  }
  const notes = [...byKey.values()].sort(compareGridNotes);
  const lastStep = notes.length > 0 ? notes[notes.length - 1]!.step : 0;
  const bars = Math.floor(lastStep / spec.positionsPerBar) + 1;
  if (bars > limits.maxBars) throw new InvalidMidiError(`${bars} bars exceeds the ${limits.maxBars}-bar limit`);
  return { tempos: gridTempos(midi.header.tempos, barTicks, bars, spec), notes, bars };
}

function gridTempos(tempos: ReadonlyArray<{ ticks: number; bpm: number }>, barTicks: number, bars: number, spec: VocabularySpec): GridTempo[] {
  const out: GridTempo[] = [];
  const sorted = [...tempos].filter((t) => Number.isFinite(t.bpm) && t.bpm > 0).sort((a, b) => a.ticks - b.ticks);
  const opening = sorted.length > 0 && Math.round(sorted[0]!.ticks / barTicks) === 0 ? sorted[0]!.bpm : 120;
  out.push({ bar: 0, bpm: spec.tempoBpms[tempoBucket(spec, opening)]! });
  for (const tempo of sorted) {
    const bar = Math.round(tempo.ticks / barTicks);
    if (bar === 0 || bar >= bars) continue;
    const bpm = spec.tempoBpms[tempoBucket(spec, tempo.bpm)]!;
    const last = out[out.length - 1]!;
    if (last.bar === bar) last.bpm = bpm;
    else if (last.bpm !== bpm) out.push({ bar, bpm });
  }
  return out;
}
