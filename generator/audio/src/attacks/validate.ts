import { InvalidAttackParameterError } from "../errors/attack-error.js";
import type { Pcm } from "../pcm.js";

export interface NumberRange {
  /** Inclusive bounds. */
  min?: number;
  max?: number;
  /** Exclusive bounds. */
  above?: number;
  below?: number;
  integer?: boolean;
}

/** `value` when it is a finite number within `range`; otherwise an InvalidAttackParameterError naming the attack. */
export function requireNumber(attack: string, parameter: string, value: unknown, range: NumberRange = {}): number {
  const ok =
    typeof value === "number" &&
    Number.isFinite(value) &&
    (range.min === undefined || value >= range.min) &&
    (range.max === undefined || value <= range.max) &&
    (range.above === undefined || value > range.above) &&
    (range.below === undefined || value < range.below) &&
    (!range.integer || Number.isInteger(value));
  if (!ok) throw new InvalidAttackParameterError(attack, parameter, value, describe(range));
  return value as number;
}

/** Throws unless `pcm` has a positive finite sample rate and at least one channel, all Float32Arrays of one length. */
export function requirePcm(attack: string, pcm: Pcm, parameter = "pcm"): void {
  const rate = pcm?.sampleRate;
  if (typeof rate !== "number" || !Number.isFinite(rate) || rate <= 0) {
    throw new InvalidAttackParameterError(attack, `${parameter}.sampleRate`, rate, "a positive finite number of Hz");
  }
  const channels = pcm.channels;
  if (!Array.isArray(channels) || channels.length === 0 || !channels.every((c) => c instanceof Float32Array)) {
    throw new InvalidAttackParameterError(attack, `${parameter}.channels`, channels, "one or more Float32Arrays");
  }
  const n = channels[0]!.length;
  if (!channels.every((c) => c.length === n)) {
    throw new InvalidAttackParameterError(
      attack,
      `${parameter}.channels`,
      channels.map((c) => c.length).join("/"),
      "channels of equal length",
    );
  }
}

/** A Pcm of new arrays, each the result of `fn` on one channel. */
export function mapChannels(pcm: Pcm, fn: (channel: Float32Array, index: number) => Float32Array): Pcm {
  return { sampleRate: pcm.sampleRate, channels: pcm.channels.map(fn) };
}

/** `x` cut or zero-padded to `length` (a new array). */
export function fitLength(x: Float32Array, length: number): Float32Array {
  if (x.length === length) return x;
  const out = new Float32Array(length);
  out.set(x.subarray(0, Math.min(length, x.length)));
  return out;
}

function describe(range: NumberRange): string {
  const parts = [range.integer ? "an integer" : "a finite number"];
  if (range.min !== undefined) parts.push(`>= ${range.min}`);
  if (range.above !== undefined) parts.push(`> ${range.above}`);
  if (range.max !== undefined) parts.push(`<= ${range.max}`);
  if (range.below !== undefined) parts.push(`< ${range.below}`);
  return parts.join(" ");
}
