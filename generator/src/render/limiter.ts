import type { Pcm } from "../../audio/src/pcm.js";

export interface LimiterOptions {
  /** Ceiling on |sample| after limiting (default 0.89, -1 dBFS). */
  ceiling?: number;
  /** Look-ahead and attack in seconds (default 5 ms): the gain is down before the peak arrives. */
  lookaheadSeconds?: number;
  /** Time constant in seconds of the gain's recovery (default 150 ms). */
  releaseSeconds?: number;
}

/**
 * A look-ahead peak limiter, linked across channels, in place. The gain needed at each sample is
 * min(1, ceiling / peak); a running minimum over the look-ahead window followed by a moving average of the same
 * length gives a smooth gain that is already at or below the need at every peak (each averaged term is), and the
 * recovery is a one-pole that may only lag upwards. So no sample exceeds the ceiling, with no hard clipping, and
 * music below the ceiling passes unchanged.
 */
export function limitPeaks(pcm: Pcm, options: LimiterOptions = {}): Pcm {
  const ceiling = options.ceiling ?? 0.89;
  const { channels, sampleRate } = pcm;
  const n = channels[0]?.length ?? 0;
  const window = Math.max(1, Math.round((options.lookaheadSeconds ?? 0.005) * sampleRate));
  const release = Math.exp(-1 / ((options.releaseSeconds ?? 0.15) * sampleRate));
  const count = channels.length;
  const need = (i: number): number => {
    let peak = 0;
    for (let c = 0; c < count; c++) {
      const v = Math.abs(channels[c]![i]!);
      if (v > peak) peak = v;
    }
    return peak > ceiling ? ceiling / peak : 1;
  };
  let any = false;
  for (let i = 0; i < n && !any; i++) any = need(i) < 1;
  if (!any) return pcm;

  // One pass with a delay of 2 (window - 1) samples and memory of a few windows, whatever the length:
  // held[j] = min(need[j .. j + window - 1]) from a monotonic deque (a ring of indices) once need[j + window - 1]
  // is known; the gain of sample j is the mean of held[j - window + 1 .. j] (held before the start counts as 1).
  const ring = 2 * window + 2;
  const needs = new Float64Array(ring);
  const deque = new Int32Array(ring);
  let head = 0;
  let size = 0;
  const helds = new Float64Array(window);
  let sum = window;
  let gain = 1;
  for (let t = 0; t < n + window - 1; t++) {
    const current = t < n ? need(t) : 1;
    needs[t % ring] = current;
    while (size > 0 && needs[deque[(head + size - 1) % ring]! % ring]! >= current) size--;
    deque[(head + size) % ring] = t;
    size++;
    const j = t - window + 1; // held[j] is now complete
    if (j < 0) continue;
    while (deque[head]! < j) {
      head = (head + 1) % ring;
      size--;
    }
    const held = needs[deque[head]! % ring]!;
    sum += held - (j < window ? 1 : helds[j % window]!);
    helds[j % window] = held;
    const target = Math.min(1, sum / window);
    gain = target < gain ? target : target + (gain - target) * release;
    // Rounding in the running sum must not let a peak through.
    const g = Math.min(gain, needs[j % ring]!);
    if (g < 1) for (let c = 0; c < count; c++) channels[c]![j]! *= g;
  }
  return pcm;
}
