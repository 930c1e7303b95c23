/**
 * Builds WAV files byte by byte, for layouts no committed fixture has: odd chunks, unknown chunks, RF64, placeholder
 * sizes, 64-bit float, broken headers. Test support only.
 */

export interface ChunkSpec {
  id: string;
  body: Uint8Array;
  /** The size field to write; defaults to the body length (set it to lie, as broken or streaming writers do). */
  size?: number;
  /** Write the pad byte after an odd-sized body (the spec says yes; some writers do not). Default true. */
  pad?: boolean;
}

export interface RiffOptions {
  form?: "RIFF" | "RF64" | "BW64";
  /** The RIFF size field; defaults to the true size. */
  riffSize?: number;
}

export function chunk(id: string, body: Uint8Array, options: Omit<ChunkSpec, "id" | "body"> = {}): ChunkSpec {
  return { id, body, ...options };
}

/** "RIFF" size "WAVE" followed by the chunks. */
export function buildRiff(chunks: ChunkSpec[], options: RiffOptions = {}): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const c of chunks) {
    const header = new Uint8Array(8);
    header.set(ascii(c.id), 0);
    new DataView(header.buffer).setUint32(4, c.size ?? c.body.length, true);
    parts.push(header, c.body);
    if (c.body.length % 2 === 1 && c.pad !== false) parts.push(new Uint8Array(1));
  }
  const bodyLength = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(12 + bodyLength);
  out.set(ascii(options.form ?? "RIFF"), 0);
  new DataView(out.buffer).setUint32(4, options.riffSize ?? 4 + bodyLength, true);
  out.set(ascii("WAVE"), 8);
  let at = 12;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export interface FmtOptions {
  channels: number;
  sampleRate: number;
  bits: number;
  /** 1 PCM, 3 IEEE float, or another WAVE format tag. */
  tag?: number;
  /** Bytes per sample container; defaults to ceil(bits / 8). */
  container?: number;
  /** Append cbSize = 0 (an 18-byte WAVEFORMATEX), as some writers do for PCM. */
  withCbSize?: boolean;
}

/** A plain WAVEFORMAT(EX) "fmt " body. */
export function fmtBody(o: FmtOptions): Uint8Array {
  const container = o.container ?? Math.ceil(o.bits / 8);
  const out = new Uint8Array(o.withCbSize ? 18 : 16);
  const v = new DataView(out.buffer);
  v.setUint16(0, o.tag ?? 1, true);
  v.setUint16(2, o.channels, true);
  v.setUint32(4, o.sampleRate, true);
  v.setUint32(8, o.sampleRate * o.channels * container, true);
  v.setUint16(12, o.channels * container, true);
  v.setUint16(14, o.bits, true);
  return out;
}

/** A WAVE_FORMAT_EXTENSIBLE "fmt " body whose sub-format GUID carries `tag` (1 PCM, 3 float). */
export function fmtExtensibleBody(o: FmtOptions & { validBits?: number; channelMask?: number }): Uint8Array {
  const container = o.container ?? Math.ceil(o.bits / 8);
  const out = new Uint8Array(40);
  out.set(fmtBody({ ...o, tag: 0xfffe, bits: container * 8 }), 0);
  const v = new DataView(out.buffer);
  v.setUint16(16, 22, true);
  v.setUint16(18, o.validBits ?? o.bits, true);
  v.setUint32(20, o.channelMask ?? 0, true);
  v.setUint16(24, o.tag ?? 1, true);
  out.set([0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71], 26);
  return out;
}

/** Interleaved little-endian samples from per-channel integer or float arrays. */
export function interleave(channels: ArrayLike<number>[], bytesPerSample: number, kind: "int" | "float" | "uint8"): Uint8Array {
  const frames = channels[0]?.length ?? 0;
  const out = new Uint8Array(frames * channels.length * bytesPerSample);
  const v = new DataView(out.buffer);
  let at = 0;
  for (let i = 0; i < frames; i++) {
    for (const ch of channels) {
      const x = ch[i]!;
      if (kind === "uint8") v.setUint8(at, x);
      else if (kind === "float") bytesPerSample === 4 ? v.setFloat32(at, x, true) : v.setFloat64(at, x, true);
      else if (bytesPerSample === 2) v.setInt16(at, x, true);
      else if (bytesPerSample === 3) {
        v.setUint16(at, x & 0xffff, true);
        v.setInt8(at + 2, x >> 16);
      } else v.setInt32(at, x, true);
      at += bytesPerSample;
    }
  }
  return out;
}

/** The ds64 chunk body of an RF64 file: 64-bit RIFF size, data size and sample count, empty table. */
export function ds64Body(riffSize: number, dataSize: number, sampleCount: number): Uint8Array {
  const out = new Uint8Array(28);
  const v = new DataView(out.buffer);
  const put = (at: number, n: number) => {
    v.setUint32(at, n % 2 ** 32, true);
    v.setUint32(at + 4, Math.floor(n / 2 ** 32), true);
  };
  put(0, riffSize);
  put(8, dataSize);
  put(16, sampleCount);
  return out;
}

export function ascii(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
