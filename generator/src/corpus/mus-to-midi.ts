import tonejs from "@tonejs/midi";
import { InvalidMusError } from "./corpus-error.js";

const { Midi } = tonejs;

/** MUS ticks per second (Doom's music runs at 140 Hz). */
const MUS_RATE = 140;
const MUS_PERCUSSION = 15;
const MAX_EVENTS = 1_000_000;

interface OpenNote {
  ticks: number;
  velocity: number;
  program: number;
}

/**
 * Converts a Doom MUS lump to a Standard MIDI File. MUS is MIDI compressed for the DMX sound library: a header
 * ("MUS\x1a", score length and start, channel counts, the instrument list) then events of 1-3 bytes, each with a
 * channel (15 = percussion), followed by a delay in 140 Hz ticks when its top bit is set. Notes, program changes
 * and per-channel volumes are kept; pitch bends and the other controllers do not change the notes and are dropped.
 *
 * @throws InvalidMusError for a damaged lump.
 */
export function musToMidi(bytes: Uint8Array): Uint8Array {
  if (bytes.length < 16 || bytes[0] !== 0x4d || bytes[1] !== 0x55 || bytes[2] !== 0x53 || bytes[3] !== 0x1a) {
    throw new InvalidMusError('missing the "MUS\\x1a" header');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const scoreLength = view.getUint16(4, true);
  const scoreStart = view.getUint16(6, true);
  if (scoreStart < 16 || scoreStart > bytes.length) throw new InvalidMusError(`score start ${scoreStart} outside the ${bytes.length}-byte lump`);
  const end = Math.min(bytes.length, scoreStart + scoreLength);

  const midi = new Midi();
  midi.header.setTempo(120);
  const ticksPerMusTick = (midi.header.ppq * 2) / MUS_RATE; // 120 BPM: two quarter notes a second
  const tracks = new Map<string, ReturnType<typeof midi.addTrack>>();
  const trackFor = (channel: number, program: number): ReturnType<typeof midi.addTrack> => {
    const key = `${channel}:${program}`;
    let track = tracks.get(key);
    if (!track) {
      track = midi.addTrack();
      track.channel = channel === MUS_PERCUSSION ? 9 : channel < 9 ? channel : channel + 1;
      if (channel !== MUS_PERCUSSION) track.instrument.number = program;
      tracks.set(key, track);
    }
    return track;
  };
  const volume = new Array<number>(16).fill(127);
  const program = new Array<number>(16).fill(0);
  const open = new Map<string, OpenNote>();
  const release = (channel: number, note: number, now: number): void => {
    const key = `${channel}:${note}`;
    const started = open.get(key);
    if (!started) return;
    open.delete(key);
    if (now > started.ticks) {
      trackFor(channel, started.program).addNote({
        midi: note,
        ticks: Math.round(started.ticks * ticksPerMusTick),
        durationTicks: Math.max(1, Math.round((now - started.ticks) * ticksPerMusTick)),
        velocity: started.velocity / 127,
      });
    }
  };

  let offset = scoreStart;
  let now = 0;
  const next = (): number => {
    if (offset >= end) throw new InvalidMusError(`an event runs past the end of the score (byte ${offset})`);
    return bytes[offset++]!;
  };
  for (let events = 0; offset < end; events++) {
    if (events > MAX_EVENTS) throw new InvalidMusError(`more than ${MAX_EVENTS} events`);
    const descriptor = next();
    const channel = descriptor & 0x0f;
    const type = (descriptor >> 4) & 0x07;
    if (type === 6) break; // score end
    switch (type) {
      case 0: // release note
        release(channel, next() & 0x7f, now);
        break;
      case 1: {
        // play note, optionally with a new channel volume
        const data = next();
        if (data & 0x80) volume[channel] = next() & 0x7f;
        const note = data & 0x7f;
        release(channel, note, now);
        if (volume[channel]! > 0) open.set(`${channel}:${note}`, { ticks: now, velocity: volume[channel]!, program: program[channel]! });
        break;
      }
      case 2: // pitch bend
      case 3: // system event
        next();
        break;
      case 4: {
        const controller = next();
        const value = next() & 0x7f;
        if (controller === 0) program[channel] = value;
        else if (controller === 3) volume[channel] = value;
        break;
      }
      case 5: // end of measure
        break;
      default:
        throw new InvalidMusError(`unknown event type ${type} at byte ${offset - 1}`);
    }
    if (descriptor & 0x80) {
      let delay = 0;
      let byte: number;
      do {
        byte = next();
        delay = delay * 128 + (byte & 0x7f);
      } while (byte & 0x80);
      now += delay;
    }
  }
  for (const key of [...open.keys()]) {
    const [channel, note] = key.split(":").map(Number) as [number, number];
    release(channel, note, now);
  }
  return midi.toArray();
}
