/** A MUS event for the test writer: type (0 release, 1 play, 4 controller...), channel, data bytes, delay after. */
export interface MusEvent {
  type: number;
  channel: number;
  data: number[];
  /** 140 Hz ticks to wait after the event (0 = none). */
  delay?: number;
}

/** Writes a MUS lump (for tests): the 16-byte header, no instrument list, the events, and the score-end event. */
export function buildMus(events: readonly MusEvent[]): Uint8Array {
  const score: number[] = [];
  for (const e of events) {
    const delay = e.delay ?? 0;
    score.push((delay > 0 ? 0x80 : 0) | (e.type << 4) | e.channel, ...e.data);
    if (delay > 0) {
      const groups: number[] = [];
      let d = delay;
      do {
        groups.unshift(d & 0x7f);
        d = Math.floor(d / 128);
      } while (d > 0);
      score.push(...groups.map((g, i) => (i < groups.length - 1 ? g | 0x80 : g)));
    }
  }
  score.push(0x60); // score end
  const out = new Uint8Array(16 + score.length);
  const view = new DataView(out.buffer);
  out.set([0x4d, 0x55, 0x53, 0x1a], 0);
  view.setUint16(4, score.length, true);
  view.setUint16(6, 16, true);
  view.setUint16(8, 1, true);
  out.set(score, 16);
  return out;
}
