import { InvalidSoundFontError } from "../render-error.js";
import { Gen, type Generators } from "./generators.js";
import { readChunks, readSoundFontRiff } from "./riff.js";

/** One sample header (shdr): positions are indices into SoundFont.samples. */
export interface SampleHeader {
  name: string;
  start: number;
  end: number;
  loopStart: number;
  loopEnd: number;
  sampleRate: number;
  originalPitch: number;
  pitchCorrection: number;
}

/** An instrument or a preset: an optional global zone and the zones that select a sample (or an instrument). */
export interface ZoneList {
  name: string;
  global: Generators | undefined;
  zones: Generators[];
}

export interface Preset extends ZoneList {
  bank: number;
  program: number;
}

/** A parsed SoundFont 2 bank: presets, instruments, sample headers and the 16-bit sample data. */
export interface SoundFont {
  presets: Preset[];
  instruments: ZoneList[];
  sampleHeaders: SampleHeader[];
  /** Sample data as in the file (16-bit); a sampler scales by 1 / 32768. */
  samples: Int16Array;
}

function name(bytes: Uint8Array, offset: number): string {
  let end = offset;
  while (end < offset + 20 && bytes[end] !== 0) end++;
  return String.fromCharCode(...bytes.subarray(offset, end)).trim();
}

function records(chunk: Uint8Array | undefined, id: string, size: number): DataView[] {
  if (!chunk) throw new InvalidSoundFontError(`missing the "${id}" chunk`);
  if (chunk.length % size !== 0 || chunk.length < size) {
    throw new InvalidSoundFontError(`"${id}" is ${chunk.length} bytes, not a whole number of ${size}-byte records`);
  }
  return Array.from({ length: chunk.length / size }, (_, i) => new DataView(chunk.buffer, chunk.byteOffset + i * size, size));
}

/**
 * Zones of the bag range [first, next) of every header: each bag's generators are gens [bag.gen, nextBag.gen).
 * The first zone is global when it does not end with the selecting generator (instrument / sampleID).
 */
function zoneLists(
  headers: Array<{ name: string; bagIndex: number }>,
  bags: DataView[],
  gens: DataView[],
  terminal: number,
  what: string,
): ZoneList[] {
  const lists: ZoneList[] = [];
  for (let h = 0; h + 1 < headers.length; h++) {
    const first = headers[h]!.bagIndex;
    const next = headers[h + 1]!.bagIndex;
    if (first > next || next >= bags.length) throw new InvalidSoundFontError(`${what} "${headers[h]!.name}" has bad zone indices`);
    const zones: Generators[] = [];
    let global: Generators | undefined;
    for (let b = first; b < next; b++) {
      const g0 = bags[b]!.getUint16(0, true);
      const g1 = bags[b + 1]!.getUint16(0, true);
      if (g0 > g1 || g1 > gens.length) throw new InvalidSoundFontError(`${what} "${headers[h]!.name}" has bad generator indices`);
      const zone: Generators = new Map();
      for (let g = g0; g < g1; g++) {
        const op = gens[g]!.getUint16(0, true);
        const unsigned = op === Gen.keyRange || op === Gen.velRange || op === Gen.instrument || op === Gen.sampleID;
        zone.set(op, unsigned ? gens[g]!.getUint16(2, true) : gens[g]!.getInt16(2, true));
      }
      if (zone.has(terminal)) zones.push(zone);
      else if (b === first) global = zone;
    }
    lists.push({ name: headers[h]!.name, global, zones });
  }
  return lists;
}

/**
 * Parses a SoundFont 2 file: `sdta/smpl` (16-bit samples) and the nine `pdta` tables. Every index is checked
 * against its table, so a damaged file raises InvalidSoundFontError instead of playing garbage.
 */
export function parseSoundFont(bytes: Uint8Array): SoundFont {
  const lists = readSoundFontRiff(bytes);
  const list = (type: string) => lists.find((c) => c.id === "LIST" && c.listType === type);
  const sdta = list("sdta");
  const pdta = list("pdta");
  if (!sdta || !pdta) throw new InvalidSoundFontError('missing the "sdta" or "pdta" list');
  const smpl = readChunks(sdta.body).find((c) => c.id === "smpl")?.body;
  if (!smpl) throw new InvalidSoundFontError('missing the "smpl" chunk (sample data)');
  // A copy: the chunk may sit at an odd offset in the file, and an Int16Array view needs an even one.
  const samples = new Int16Array(smpl.length >> 1);
  new Uint8Array(samples.buffer).set(smpl.subarray(0, samples.length * 2));

  const p = new Map(readChunks(pdta.body).map((c) => [c.id, c.body]));
  const phdr = records(p.get("phdr"), "phdr", 38);
  const pbag = records(p.get("pbag"), "pbag", 4);
  const pgen = records(p.get("pgen"), "pgen", 4);
  const inst = records(p.get("inst"), "inst", 22);
  const ibag = records(p.get("ibag"), "ibag", 4);
  const igen = records(p.get("igen"), "igen", 4);
  const shdr = records(p.get("shdr"), "shdr", 46);
  const text = (v: DataView) => name(new Uint8Array(v.buffer, v.byteOffset, 20), 0);

  const presetHeaders = phdr.map((v) => ({ name: text(v), bagIndex: v.getUint16(24, true), program: v.getUint16(20, true), bank: v.getUint16(22, true) }));
  const presets = zoneLists(presetHeaders, pbag, pgen, Gen.instrument, "preset").map((zl, i) => ({
    ...zl,
    program: presetHeaders[i]!.program,
    bank: presetHeaders[i]!.bank,
  }));
  const instruments = zoneLists(inst.map((v) => ({ name: text(v), bagIndex: v.getUint16(20, true) })), ibag, igen, Gen.sampleID, "instrument");
  const sampleHeaders = shdr.slice(0, -1).map((v) => ({
    name: text(v),
    start: v.getUint32(20, true),
    end: v.getUint32(24, true),
    loopStart: v.getUint32(28, true),
    loopEnd: v.getUint32(32, true),
    sampleRate: v.getUint32(36, true),
    originalPitch: v.getUint8(40),
    pitchCorrection: v.getInt8(41),
  }));

  for (const s of sampleHeaders) {
    if (s.start > s.end || s.end > samples.length || s.sampleRate < 400 || s.sampleRate > 192_000) {
      throw new InvalidSoundFontError(`sample "${s.name}" has positions or a rate out of range`);
    }
  }
  for (const preset of presets) {
    for (const zone of preset.zones) {
      if (zone.get(Gen.instrument)! < 0 || zone.get(Gen.instrument)! >= instruments.length) {
        throw new InvalidSoundFontError(`preset "${preset.name}" names instrument ${zone.get(Gen.instrument)} of ${instruments.length}`);
      }
    }
  }
  for (const instrument of instruments) {
    for (const zone of instrument.zones) {
      if (zone.get(Gen.sampleID)! < 0 || zone.get(Gen.sampleID)! >= sampleHeaders.length) {
        throw new InvalidSoundFontError(`instrument "${instrument.name}" names sample ${zone.get(Gen.sampleID)} of ${sampleHeaders.length}`);
      }
    }
  }
  return { presets, instruments, sampleHeaders, samples };
}
