import type { StyleModel } from "../model/style-model.js";
import { DecoderSession } from "./decoder-session.js";
import { Hypothesis } from "./hypothesis.js";
import { sampleSequence } from "./sample-sequence.js";
import { beamSearch } from "./beam-search.js";
import { GenerationCancelledError, InvalidSamplingParametersError } from "./sample-error.js";
import { MAX_GENERATED_TOKENS, MAX_TARGET_SECONDS, resolveSamplingParameters, type SamplingParameters } from "./sampling-parameters.js";

export interface GenerateTokensProgress {
  /** Tokens generated so far (the prompt not counted). */
  tokens: number;
  maxTokens: number;
  /** Seconds of music so far (through the open bar). */
  seconds: number;
  targetSeconds: number | undefined;
  /** 0..1, by seconds when a target is set, by tokens otherwise. */
  fraction: number;
}

export interface GenerateTokensParameters extends Partial<SamplingParameters> {
  /** Style to generate in (must be one of `model.styles`). */
  styleId: string;
  /** Stop at the first bar line at or past this many seconds. */
  seconds?: number;
  /** Most tokens to generate; the output is cut at the last complete note when reached. */
  maxTokens?: number;
  /** A seed prompt: the tokens of a few bars (encodeMidi output, e.g. through `firstBars`). */
  prompt?: readonly number[];
  /** Called every `progressEvery` tokens and at the end. */
  onProgress?: (progress: GenerateTokensProgress) => void;
  progressEvery?: number;
  /** Cancels between tokens (GenerationCancelledError). */
  signal?: AbortSignal;
}

export interface GenerateTokensReturnType {
  /** The whole stream: BOS STYLE prompt generated... EOS; decodes with decodeTokens. */
  tokens: number[];
  /** Tokens before the generated ones (BOS, STYLE, prompt). */
  promptLength: number;
  /** Length of the piece in seconds (whole bars). */
  seconds: number;
  stoppedBy: "eos" | "seconds" | "maxTokens";
  /** The resolved sampling parameters (for the manifest). */
  parameters: SamplingParameters;
}

/**
 * Generates a token stream in a style. Every sampled token is masked by the grammar, so the stream always decodes to
 * valid MIDI; the same model (hash), seed and parameters give the same tokens on the same backend.
 *
 * @example
 * const { tokens } = await generateTokens(model, { styleId: "bach", seconds: 30, seed: 7, temperature: 0.9, topP: 0.95 });
 */
export async function generateTokens(model: StyleModel, parameters: GenerateTokensParameters): Promise<GenerateTokensReturnType> {
  const sampling = resolveSamplingParameters(parameters);
  const styleIndex = model.styleIndex(parameters.styleId);
  const { seconds: target, maxTokens } = resolveLength(parameters);
  const v = model.vocabulary;
  const start = Hypothesis.start(v, v.styleBase + styleIndex, stripPrompt(parameters.prompt ?? [], v));
  const promptLength = start.tokens.length;
  const every = Math.max(1, parameters.progressEvery ?? 16);
  const report = (h: Hypothesis, generated: number, final = false): void => {
    parameters.onProgress?.({
      tokens: generated,
      maxTokens,
      seconds: h.time.seconds,
      targetSeconds: target,
      fraction: final ? 1 : Math.min(1, target !== undefined ? h.time.closedSeconds / target : generated / maxTokens),
    });
  };
  const tick = async (h: Hypothesis, generated: number): Promise<void> => {
    if (generated % every !== 0) return;
    report(h, generated);
    // Let the event loop run: progress events go out and a cancel can arrive.
    await new Promise((resolve) => setImmediate(resolve));
    if (parameters.signal?.aborted) throw new GenerationCancelledError({ cause: parameters.signal.reason });
  };
  const session = new DecoderSession(model, styleIndex, 1);
  try {
    const best = sampling.beamWidth > 1
      ? await beamSearch(session, start, sampling.beamWidth, maxTokens, target, tick)
      : await sampleSequence(session, start, sampling, maxTokens, target, tick);
    const tokens = best.finished();
    report(best, best.tokens.length - promptLength, true);
    const stoppedBy = !best.ended ? "maxTokens" : target !== undefined ? "seconds" : "eos";
    const end = new Hypothesis(v);
    for (const token of tokens) end.push(token);
    return { tokens, promptLength, seconds: end.time.seconds, stoppedBy, parameters: sampling };
  } finally {
    session.dispose();
  }
}

function resolveLength(parameters: GenerateTokensParameters): { seconds: number | undefined; maxTokens: number } {
  const { seconds, maxTokens } = parameters;
  if (seconds !== undefined && !(Number.isFinite(seconds) && seconds > 0 && seconds <= MAX_TARGET_SECONDS)) {
    throw new InvalidSamplingParametersError(`seconds must be in (0, ${MAX_TARGET_SECONDS}] (got ${seconds})`);
  }
  if (maxTokens !== undefined && !(Number.isInteger(maxTokens) && maxTokens >= 1 && maxTokens <= MAX_GENERATED_TOKENS)) {
    throw new InvalidSamplingParametersError(`maxTokens must be an integer in 1..${MAX_GENERATED_TOKENS} (got ${maxTokens})`);
  }
  // A dense bar of four voices runs to about 150 tokens per second of music.
  const fallback = seconds !== undefined ? Math.min(MAX_GENERATED_TOKENS, Math.max(1024, Math.ceil(seconds * 150))) : 4096;
  return { seconds, maxTokens: maxTokens ?? fallback };
}

/** The body of a prompt: encodeMidi output without BOS, STYLE and EOS. */
function stripPrompt(prompt: readonly number[], v: StyleModel["vocabulary"]): number[] {
  let body = [...prompt];
  if (body[0] === v.bos) body = body.slice(1);
  if (body.length > 0 && body[0]! >= v.styleBase && body[0]! < v.styleBase + v.spec.maxStyles) body = body.slice(1);
  const eos = body.indexOf(v.eos);
  if (eos >= 0) body = body.slice(0, eos);
  return body;
}
