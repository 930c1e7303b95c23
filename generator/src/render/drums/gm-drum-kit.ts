import type { DrumSound } from "./drum-sound.js";
import { noiseHit } from "./noise-hit.js";
import { sweptSine } from "./swept-sine.js";
import { toneHit } from "./tone-hit.js";

const kick = sweptSine({ startHz: 140, endHz: 48, sweepSeconds: 0.035, decaySeconds: 0.16, lengthSeconds: 0.6, click: 0.3 });
const snare = noiseHit({
  lowHz: 1200, highHz: 9000, decaySeconds: 0.09, lengthSeconds: 0.4, toneHz: 185, toneLevel: 0.6, bursts: 1, gain: 0.9,
});
const clap = noiseHit({
  lowHz: 900, highHz: 5000, decaySeconds: 0.08, lengthSeconds: 0.35, toneHz: 0, toneLevel: 0, bursts: 4, gain: 0.9,
});
const closedHat = noiseHit({
  lowHz: 7000, highHz: Infinity, decaySeconds: 0.025, lengthSeconds: 0.15, toneHz: 0, toneLevel: 0, bursts: 1, gain: 0.5,
});
const pedalHat = noiseHit({
  lowHz: 6000, highHz: Infinity, decaySeconds: 0.045, lengthSeconds: 0.2, toneHz: 0, toneLevel: 0, bursts: 1, gain: 0.45,
});
const openHat = noiseHit({
  lowHz: 6500, highHz: Infinity, decaySeconds: 0.28, lengthSeconds: 1.2, toneHz: 0, toneLevel: 0, bursts: 1, gain: 0.45,
});
const crash = noiseHit({
  lowHz: 3500, highHz: Infinity, decaySeconds: 0.9, lengthSeconds: 3, toneHz: 0, toneLevel: 0, bursts: 1, gain: 0.5,
});
const ride = noiseHit({
  lowHz: 5000, highHz: Infinity, decaySeconds: 0.6, lengthSeconds: 2, toneHz: 2900, toneLevel: 0.25, bursts: 1, gain: 0.3,
});
const shaker = noiseHit({
  lowHz: 5000, highHz: 12000, decaySeconds: 0.04, lengthSeconds: 0.2, toneHz: 0, toneLevel: 0, bursts: 2, gain: 0.4,
});
const sideStick = toneHit([820, 1650], 0.02, 0.7);
const cowbell = toneHit([545, 815], 0.12, 0.6);
const woodblock = toneHit([1200, 2460], 0.03, 0.6);
const claves = toneHit([2500], 0.04, 0.55);
const triangle = toneHit([4200, 6100, 8900], 0.6, 0.3);

/** Toms and hand drums: the sweep lands on a pitch that rises with the key number. */
function tom(hz: number): DrumSound {
  return sweptSine({ startHz: hz * 1.6, endHz: hz, sweepSeconds: 0.05, decaySeconds: 0.22, lengthSeconds: 0.8, click: 0.15 });
}

const KIT = new Map<number, DrumSound>([
  [35, kick], [36, kick], [37, sideStick], [38, snare], [39, clap], [40, snare],
  [41, tom(82)], [42, closedHat], [43, tom(98)], [44, pedalHat], [45, tom(116)], [46, openHat],
  [47, tom(138)], [48, tom(165)], [49, crash], [50, tom(196)], [51, ride], [52, crash], [53, ride],
  [54, shaker], [55, crash], [56, cowbell], [57, crash], [58, shaker], [59, ride],
  [60, tom(400)], [61, tom(300)], [62, tom(330)], [63, tom(260)], [64, tom(200)], [65, tom(350)], [66, tom(250)],
  [67, cowbell], [68, cowbell], [69, shaker], [70, shaker], [71, triangle], [72, triangle], [73, shaker],
  [74, shaker], [75, claves], [76, woodblock], [77, woodblock], [78, tom(500)], [79, tom(420)],
  [80, triangle], [81, triangle],
]);

/** The synthesized sound of a General MIDI percussion key (channel 10); keys outside the map play a shaker. */
export function gmDrum(key: number): DrumSound {
  return KIT.get(Math.trunc(key)) ?? shaker;
}
