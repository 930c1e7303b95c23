import tonejs from "@tonejs/midi";
import { instrumentKey, type GridPiece } from "./grid-piece.js";

const { Midi } = tonejs;

const PPQ = 480;
const DRUM_CHANNEL = 9;

/**
 * A Standard MIDI File (format 1, 480 ticks per quarter) of a quantised piece: one track per instrument, drums on
 * channel 10, the tempo map on the conductor track.
 */
export function gridToMidi(piece: GridPiece, positionsPerBar: number): Uint8Array {
  const midi = new Midi();
  const stepTicks = (PPQ * 4) / positionsPerBar;
  midi.header.tempos = piece.tempos.map((t) => ({ ticks: t.bar * PPQ * 4, bpm: t.bpm }));
  midi.header.update();
  const tracks = new Map<number, ReturnType<typeof midi.addTrack>>();
  let nextChannel = 0;
  for (const note of piece.notes) {
    const key = instrumentKey(note);
    let track = tracks.get(key);
    if (!track) {
      track = midi.addTrack();
      if (note.isDrum) track.channel = DRUM_CHANNEL;
      else {
        // Channels 0..15 without the drum channel; past 15 instruments, channels are shared (programs still differ).
        track.channel = nextChannel;
        nextChannel = (nextChannel + 1) % 16;
        if (nextChannel === DRUM_CHANNEL) nextChannel++;
        track.instrument.number = note.program;
      }
      tracks.set(key, track);
    }
    track.addNote({
      midi: note.pitch,
      ticks: note.step * stepTicks,
      durationTicks: note.durationSteps * stepTicks,
      // The writer floors velocity * 127: the half step keeps v/127 * 127 from landing a hair under v.
      velocity: (note.velocity + 0.5) / 127,
    });
  }
  return midi.toArray();
}
