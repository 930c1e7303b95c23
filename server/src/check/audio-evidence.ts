import type { SoundmarkIndex } from "../../../generator/audio/src/index/index.js";
import { downmix, pcmDuration, type Pcm } from "../../../generator/audio/src/pcm.js";
import type { WatermarkSearchOptions } from "../pipeline/stages/watermark.js";

/**
 * The rules of a check that must be the same wherever a check is answered (the server's checkAudio, the trustless
 * `soundmark verify`): which audio is judged at all, how index matches are reported, and how the watermark is searched.
 */

/** Shorter audio is not judged: too few landmarks for a significant match, too few watermark blocks (4.1 s each). */
export const MIN_CHECK_SECONDS = 3;
/** RMS of the downmix below this (-70 dBFS) is silence. */
const SILENCE_RMS = 10 ** (-70 / 20);
/** Seconds searched for a watermark: a minute holds 14 repetitions; longer only costs time. */
export const CHECK_WATERMARK_SECONDS = 60;

export interface CheckMatch {
  /** The matched track's file sha256. */
  sha256: string;
  /** Time-aligned fingerprint hashes. */
  score: number;
  /** Where in the matched track the checked audio starts, in seconds. */
  offsetSeconds: number;
  /** How much of the checked audio aligned, in seconds. */
  matchedSeconds: number;
  /** Chance of so strong an alignment from unrelated audio. */
  pValue: number;
  speedFactor?: number;
  pitchFactor?: number;
}

/** Long enough and not silent: the audio can be fingerprinted and searched for a mark. */
export function isAnalysable(audio: Pcm): boolean {
  if (pcmDuration(audio) < MIN_CHECK_SECONDS) return false;
  const x = downmix(audio);
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += x[i]! * x[i]!;
  return x.length > 0 && Math.sqrt(sum / x.length) >= SILENCE_RMS;
}

/** Significant fingerprint matches of the audio in the index, best first. */
export function indexMatches(index: SoundmarkIndex, audio: Pcm, maxMatches: number): CheckMatch[] {
  return index.query(audio, { maxMatches }).matches.map((m) => {
    const match: CheckMatch = { sha256: m.id, score: m.score, offsetSeconds: m.offsetSeconds, matchedSeconds: m.matchedSeconds, pValue: m.pValue };
    if (m.speedFactor !== undefined) match.speedFactor = m.speedFactor;
    if (m.pitchFactor !== undefined) match.pitchFactor = m.pitchFactor;
    return match;
  });
}

/**
 * Audio the index aligned with a registered track at unit speed and pitch is not rescaled, so neither is a mark in it:
 * the detector's speed / pitch search (two thirds of its cost) has nothing to find there.
 */
export function watermarkSearchFor(matches: readonly CheckMatch[]): WatermarkSearchOptions {
  const unscaled = matches[0]?.speedFactor === 1 && matches[0].pitchFactor === 1;
  return { searchScales: !unscaled };
}
