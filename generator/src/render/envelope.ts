/**
 * An ADSR amplitude envelope in seconds. Decay and release are exponential (a decaying string or a room's tail
 * falls by a constant number of dB per second), reaching 5% of the distance to their target after `decay` and
 * -60 dB after `release`. `sustain` 0 makes a percussive voice that fades while the key is held.
 */
export interface Adsr {
  attack: number;
  decay: number;
  sustain: number;
  release: number;
}

/**
 * The envelope of a note held for `gateSamples` and released over its release time: a new array of
 * gateSamples + release samples, values in [0, 1].
 */
export function renderAdsr(envelope: Adsr, gateSamples: number, sampleRate: number): Float32Array {
  const attack = Math.max(1, Math.round(envelope.attack * sampleRate));
  const releaseLength = Math.max(1, Math.round(envelope.release * sampleRate));
  const out = new Float32Array(gateSamples + releaseLength);
  const decayRate = envelope.decay > 0 ? Math.exp(-3 / (envelope.decay * sampleRate)) : 0;
  const sustain = envelope.sustain;
  let level = 0;
  for (let i = 0; i < gateSamples; i++) {
    if (i < attack) level = (i + 1) / attack;
    else level = sustain + (level - sustain) * decayRate;
    out[i] = level;
  }
  // -60 dB over the release: the level at note-off times exp(-6.9 t / release).
  const releaseRate = Math.exp(-6.9 / releaseLength);
  for (let i = gateSamples; i < out.length; i++) {
    level *= releaseRate;
    out[i] = level;
  }
  return out;
}
