import type { Generators } from "../generators.js";
import type { SampleHeader } from "../parse-soundfont.js";

export interface SoundFontSpec {
  samples: Int16Array;
  sampleHeaders: SampleHeader[];
  instruments: Array<{ name: string; global?: Generators; zones: Generators[] }>;
  presets: Array<{ name: string; bank: number; program: number; global?: Generators; zones: Generators[] }>;
}

/** Bytes of a SoundFont 2 file written to the specification, for tests of the parser and the sampler. */
export function buildSoundFont(spec: SoundFontSpec): Uint8Array {
  const chunk = (id: string, body: Uint8Array) => {
    const out = new Uint8Array(8 + body.length + (body.length & 1));
    out.set([...id].map((c) => c.charCodeAt(0)), 0);
    new DataView(out.buffer).setUint32(4, body.length, true);
    out.set(body, 8);
    return out;
  };
  const concat = (parts: Uint8Array[]) => {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  };
  const list = (id: string, type: string, parts: Uint8Array[]) => chunk(id, concat([new TextEncoder().encode(type), ...parts]));
  const table = (size: number, rows: Array<(v: DataView, b: Uint8Array) => void>) => {
    const out = new Uint8Array(size * rows.length);
    rows.forEach((write, i) => write(new DataView(out.buffer, i * size, size), out.subarray(i * size, (i + 1) * size)));
    return out;
  };
  const name = (b: Uint8Array, text: string) => b.set(new TextEncoder().encode(text.slice(0, 19)), 0);

  // Zones flattened into bags and generators, with the terminal records the format requires.
  const flatten = (lists: Array<{ global?: Generators; zones: Generators[] }>) => {
    const bags: number[] = [];
    const gens: Array<[number, number]> = [];
    const firstBag: number[] = [];
    for (const l of lists) {
      firstBag.push(bags.length);
      for (const zone of [...(l.global ? [l.global] : []), ...l.zones]) {
        bags.push(gens.length);
        // keyRange first and the selecting generator last, as the specification orders them.
        const entries = [...zone].sort(([a], [b]) => (a === 43 ? -1 : b === 43 ? 1 : a === 41 || a === 53 ? 1 : b === 41 || b === 53 ? -1 : 0));
        gens.push(...entries);
      }
    }
    firstBag.push(bags.length);
    bags.push(gens.length);
    gens.push([0, 0]);
    return { bags, gens, firstBag };
  };
  const genTable = (gens: Array<[number, number]>) =>
    table(4, gens.map(([op, v]) => (d) => {
      d.setUint16(0, op, true);
      d.setUint16(2, v & 0xffff, true);
    }));
  const bagTable = (bags: number[]) => table(4, bags.map((g) => (d) => d.setUint16(0, g, true)));

  const p = flatten(spec.presets);
  const ins = flatten(spec.instruments);
  const phdr = table(38, [...spec.presets, { name: "EOP", bank: 0, program: 0 }].map((preset, i) => (d, b) => {
    name(b, preset.name);
    d.setUint16(20, preset.program, true);
    d.setUint16(22, preset.bank, true);
    d.setUint16(24, p.firstBag[i]!, true);
  }));
  const inst = table(22, [...spec.instruments, { name: "EOI" }].map((instrument, i) => (d, b) => {
    name(b, instrument.name);
    d.setUint16(20, ins.firstBag[i]!, true);
  }));
  const shdr = table(46, [...spec.sampleHeaders, undefined].map((s) => (d, b) => {
    if (!s) return name(b, "EOS");
    name(b, s.name);
    d.setUint32(20, s.start, true);
    d.setUint32(24, s.end, true);
    d.setUint32(28, s.loopStart, true);
    d.setUint32(32, s.loopEnd, true);
    d.setUint32(36, s.sampleRate, true);
    d.setUint8(40, s.originalPitch);
    d.setInt8(41, s.pitchCorrection);
  }));
  const empty = (size: number) => new Uint8Array(size);
  const smpl = new Uint8Array(spec.samples.buffer, spec.samples.byteOffset, spec.samples.byteLength);
  return list("RIFF", "sfbk", [
    list("LIST", "INFO", [chunk("ifil", new Uint8Array([2, 0, 4, 0]))]),
    list("LIST", "sdta", [chunk("smpl", smpl)]),
    list("LIST", "pdta", [
      chunk("phdr", phdr), chunk("pbag", bagTable(p.bags)), chunk("pmod", empty(10)), chunk("pgen", genTable(p.gens)),
      chunk("inst", inst), chunk("ibag", bagTable(ins.bags)), chunk("imod", empty(10)), chunk("igen", genTable(ins.gens)),
      chunk("shdr", shdr),
    ]),
  ]);
}
