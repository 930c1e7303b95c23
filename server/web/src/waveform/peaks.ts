/** The extent of the samples one pixel column covers. */
export interface Peak {
  min: number;
  max: number;
}

/**
 * Min and max of the channels' mean over `columns` equal slices of the audio: what a waveform draws, one column a
 * pixel. Columns past the end of very short audio are flat (0, 0).
 *
 * @example
 * computePeaks([left, right], 800) // 800 { min, max } pairs in -1..1
 */
export function computePeaks(channels: readonly Float32Array[], columns: number): Peak[] {
  if (!Number.isInteger(columns) || columns <= 0) throw new RangeError(`columns must be a positive integer, got ${columns}`);
  const length = channels.reduce((n, c) => Math.min(n, c.length), channels.length > 0 ? Infinity : 0);
  const peaks: Peak[] = [];
  for (let column = 0; column < columns; column++) {
    const from = Math.floor((column * length) / columns);
    const to = Math.floor(((column + 1) * length) / columns);
    let min = 0;
    let max = 0;
    for (let i = from; i < to; i++) {
      let sum = 0;
      for (const channel of channels) sum += channel[i]!;
      const value = sum / channels.length;
      if (value < min) min = value;
      if (value > max) max = value;
    }
    peaks.push({ min, max });
  }
  return peaks;
}

/** A span of a registered track as fractions of its length, 0..1. */
export interface TrackSpan {
  start: number;
  end: number;
}

/**
 * Where the checked clip lies in a matched track, as fractions of the track: it starts at the match's offset and
 * lasts as long as the clip, clipped to the track. The track's length comes from its record; when unknown, the clip's
 * end is taken as the track's end.
 */
export function clipSpanInTrack(offsetSeconds: number, clipSeconds: number, trackSeconds: number | null): TrackSpan {
  const end = offsetSeconds + clipSeconds;
  const length = trackSeconds && trackSeconds > 0 ? trackSeconds : Math.max(end, Number.EPSILON);
  const clamp = (x: number) => Math.min(1, Math.max(0, x / length));
  return { start: clamp(offsetSeconds), end: clamp(end) };
}
