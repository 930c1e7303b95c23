/** SoundFont 2.04 generator operators the sampler uses (section 8.1.2 of the specification). */
export const Gen = {
  startAddrsOffset: 0,
  endAddrsOffset: 1,
  startloopAddrsOffset: 2,
  endloopAddrsOffset: 3,
  startAddrsCoarseOffset: 4,
  endAddrsCoarseOffset: 12,
  pan: 17,
  delayVolEnv: 33,
  attackVolEnv: 34,
  holdVolEnv: 35,
  decayVolEnv: 36,
  sustainVolEnv: 37,
  releaseVolEnv: 38,
  instrument: 41,
  keyRange: 43,
  velRange: 44,
  startloopAddrsCoarseOffset: 45,
  initialAttenuation: 48,
  endloopAddrsCoarseOffset: 50,
  coarseTune: 51,
  fineTune: 52,
  sampleID: 53,
  sampleModes: 54,
  scaleTuning: 56,
  overridingRootKey: 58,
} as const;

/** Generator values of one zone, by operator; ranges are stored as lo | hi << 8 as in the file. */
export type Generators = Map<number, number>;

/** Defaults of the instrument-level generators (the spec's table; unset ones are 0). */
const DEFAULTS = new Map<number, number>([
  [Gen.delayVolEnv, -12000],
  [Gen.attackVolEnv, -12000],
  [Gen.holdVolEnv, -12000],
  [Gen.decayVolEnv, -12000],
  [Gen.releaseVolEnv, -12000],
  [Gen.keyRange, 127 << 8],
  [Gen.velRange, 127 << 8],
  [Gen.scaleTuning, 100],
  [Gen.overridingRootKey, -1],
]);

/** A generator's value in a zone, or its default. */
export function gen(zone: Generators, op: number): number {
  return zone.get(op) ?? DEFAULTS.get(op) ?? 0;
}

/** Whether key and velocity fall in a zone's ranges. */
export function zoneMatches(zone: Generators, key: number, velocity: number): boolean {
  const keys = gen(zone, Gen.keyRange);
  const vels = gen(zone, Gen.velRange);
  return key >= (keys & 0xff) && key <= keys >> 8 && velocity >= (vels & 0xff) && velocity <= vels >> 8;
}

/** Operators that are not summed from preset to instrument level (ranges intersect, indices select). */
const NOT_ADDITIVE = new Set<number>([
  Gen.keyRange, Gen.velRange, Gen.instrument, Gen.sampleID, Gen.sampleModes, Gen.overridingRootKey,
  Gen.startAddrsOffset, Gen.endAddrsOffset, Gen.startloopAddrsOffset, Gen.endloopAddrsOffset,
  Gen.startAddrsCoarseOffset, Gen.endAddrsCoarseOffset, Gen.startloopAddrsCoarseOffset, Gen.endloopAddrsCoarseOffset,
]);

/**
 * The generators a voice plays with: the instrument zone's (over the instrument's global zone, over the defaults),
 * plus the preset zone's (over the preset's global zone) added on top, as the specification says.
 */
export function combine(instrumentGlobal: Generators | undefined, instrumentZone: Generators, presetGlobal: Generators | undefined, presetZone: Generators): Generators {
  const out: Generators = new Map([...(instrumentGlobal ?? []), ...instrumentZone]);
  const preset: Generators = new Map([...(presetGlobal ?? []), ...presetZone]);
  for (const [op, value] of preset) {
    if (NOT_ADDITIVE.has(op)) continue;
    out.set(op, gen(out, op) + value);
  }
  return out;
}
