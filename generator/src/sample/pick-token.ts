import type { SeededRandom } from "../../audio/src/random/seeded-random.js";
import type { SamplingParameters } from "./sampling-parameters.js";

/**
 * Draws one token from logits: tokens outside `mask` are impossible, then temperature, top-k and top-p (nucleus)
 * filtering, then one draw from `random`. Ties are broken by token id, so the draw depends only on the logits and
 * the generator's state.
 */
export function pickToken(logits: Float32Array, mask: Uint8Array, parameters: SamplingParameters, random: SeededRandom): number {
  const candidates: number[] = [];
  for (let id = 0; id < logits.length; id++) if (mask[id] && Number.isFinite(logits[id]!)) candidates.push(id);
  if (candidates.length === 0) throw new Error("no token is allowed here");
  candidates.sort((a, b) => logits[b]! - logits[a]! || a - b);
  if (parameters.temperature === 0 || candidates.length === 1) return candidates[0]!;

  const kept = parameters.topK > 0 ? candidates.slice(0, parameters.topK) : candidates;
  const top = logits[kept[0]!]! / parameters.temperature;
  const weights = kept.map((id) => Math.exp(logits[id]! / parameters.temperature - top));
  const total = weights.reduce((a, b) => a + b, 0);
  let cut = kept.length;
  if (parameters.topP < 1) {
    let cumulative = 0;
    for (let i = 0; i < kept.length; i++) {
      cumulative += weights[i]! / total;
      if (cumulative >= parameters.topP) {
        cut = i + 1;
        break;
      }
    }
  }
  const nucleus = weights.slice(0, cut);
  const nucleusTotal = nucleus.reduce((a, b) => a + b, 0);
  let u = random.next() * nucleusTotal;
  for (let i = 0; i < cut; i++) {
    u -= nucleus[i]!;
    if (u < 0) return kept[i]!;
  }
  return kept[cut - 1]!;
}
