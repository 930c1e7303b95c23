import type { DecoderSession } from "./decoder-session.js";
import type { Hypothesis } from "./hypothesis.js";
import type { Tick } from "./sample-sequence.js";

/**
 * Beam search: keeps the `width` most probable partial streams (every beam masked by the grammar), collects those
 * that end, and returns the one with the best length-normalised log-probability. Deterministic: ties break by beam,
 * then token id.
 */
export async function beamSearch(session: DecoderSession, start: Hypothesis, width: number, maxTokens: number, target: number | undefined, tick: Tick): Promise<Hypothesis> {
  const size = session.model.vocabulary.size;
  const mask = new Uint8Array(size);
  let beams = [start.clone()];
  let logits = session.prefill(start.tokens);
  const done: Hypothesis[] = [];
  // Length-normalised log-probability, so that finishing early is not rewarded for its own sake.
  const normalised = (h: Hypothesis): number => h.score / Math.max(1, h.tokens.length - start.tokens.length);
  for (let generated = 1; generated <= maxTokens && beams.length > 0; generated++) {
    const candidates: Array<{ beam: number; token: number; score: number }> = [];
    beams.forEach((h, b) => {
      const lp = logSoftmax(logits[b]!, h.fillMask(mask, target));
      for (let id = 0; id < size; id++) if (lp[id]! > -Infinity) candidates.push({ beam: b, token: id, score: h.score + lp[id]! });
    });
    candidates.sort((a, b) => b.score - a.score || a.beam - b.beam || a.token - b.token);
    const next: Hypothesis[] = [];
    const rows: number[] = [];
    for (const c of candidates) {
      if (next.length >= width) break;
      const h = beams[c.beam]!.clone();
      h.push(c.token);
      h.score = c.score;
      if (h.ended) done.push(h);
      else {
        next.push(h);
        rows.push(c.beam);
      }
    }
    beams = next;
    await tick(beams[0] ?? done[done.length - 1]!, generated);
    if (done.length >= width || beams.length === 0 || generated === maxTokens) break;
    session.reorder(rows);
    logits = session.step(beams.map((h) => h.tokens[h.tokens.length - 1]!));
  }
  const pool = done.length > 0 ? done : beams;
  return pool.reduce((best, h) => (normalised(h) > normalised(best) ? h : best));
}

function logSoftmax(logits: Float32Array, mask: Uint8Array): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) if (mask[i] && logits[i]! > max) max = logits[i]!;
  let sum = 0;
  for (let i = 0; i < logits.length; i++) if (mask[i]) sum += Math.exp(logits[i]! - max);
  const out = new Float64Array(logits.length).fill(-Infinity);
  const log = max + Math.log(sum);
  for (let i = 0; i < logits.length; i++) if (mask[i]) out[i] = logits[i]! - log;
  return out;
}
