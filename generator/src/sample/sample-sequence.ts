import { SeededRandom } from "../../audio/src/random/seeded-random.js";
import type { DecoderSession } from "./decoder-session.js";
import type { Hypothesis } from "./hypothesis.js";
import { pickToken } from "./pick-token.js";
import type { SamplingParameters } from "./sampling-parameters.js";

/** Called after every generated token: reports progress, yields to the event loop, throws when cancelled. */
export type Tick = (h: Hypothesis, generated: number) => Promise<void>;

/** Ancestral sampling: one token at a time, drawn from the masked, filtered distribution with a seeded generator. */
export async function sampleSequence(session: DecoderSession, start: Hypothesis, parameters: SamplingParameters, maxTokens: number, target: number | undefined, tick: Tick): Promise<Hypothesis> {
  const random = new SeededRandom(parameters.seed);
  const h = start.clone();
  const mask = new Uint8Array(session.model.vocabulary.size);
  let logits = session.prefill(h.tokens)[0]!;
  for (let generated = 1; generated <= maxTokens && !h.ended; generated++) {
    const token = pickToken(logits, h.fillMask(mask, target), parameters, random);
    h.push(token);
    await tick(h, generated);
    if (h.ended || generated === maxTokens) break;
    logits = session.step([token])[0]!;
  }
  return h;
}
