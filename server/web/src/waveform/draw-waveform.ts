import type { Peak, TrackSpan } from "./peaks.js";

const WAVE = "#3b5bdb";
const REGION = "rgba(240, 140, 0, 0.35)";
const LANE = "#dee2e6";

/** Draws peaks into a canvas (one column a pixel) over the highlighted regions (fractions of the width). */
export function drawWaveform(canvas: HTMLCanvasElement, peaks: readonly Peak[], regions: readonly TrackSpan[] = []): void {
  const g = canvas.getContext("2d");
  if (!g) return;
  const { width, height } = canvas;
  g.clearRect(0, 0, width, height);
  g.fillStyle = REGION;
  for (const r of regions) g.fillRect(r.start * width, 0, Math.max(1, (r.end - r.start) * width), height);
  g.fillStyle = WAVE;
  const middle = height / 2;
  peaks.forEach((p, x) => {
    const top = middle - p.max * middle;
    g.fillRect((x * width) / peaks.length, top, Math.max(1, width / peaks.length), Math.max(1, (p.max - p.min) * middle));
  });
}

/** One matched track as a lane: its whole length, with the span the checked clip covers highlighted. */
export function drawTrackLane(canvas: HTMLCanvasElement, span: TrackSpan): void {
  const g = canvas.getContext("2d");
  if (!g) return;
  const { width, height } = canvas;
  g.clearRect(0, 0, width, height);
  g.fillStyle = LANE;
  g.fillRect(0, height / 4, width, height / 2);
  g.fillStyle = REGION.replace("0.35", "0.9");
  g.fillRect(span.start * width, 0, Math.max(2, (span.end - span.start) * width), height);
}
