/**
 * The uploads in flight during a fault: a client that sends distinct songs one after another at a steady pace and,
 * as a well-behaved client does, sends a refused upload again (same bytes) until it is accepted. Every 202 is a
 * promise the stack must keep; refusals (the server down, 503, a full disk) are counted by what they were.
 */
import { postFile, syntheticSong } from "./lib/stack-client.js";

export interface FaultUploaderOptions {
  /** The server's base URL and an API key with the ingest scope. */
  url: string;
  apiKey: string;
  /** How many distinct songs to get accepted. */
  uploads: number;
  /** Seconds between two uploads, and before a refused one is sent again. */
  intervalSeconds: number;
  songSeconds: number;
  firstSeed: number;
}

export interface FaultUploader {
  /** sha256 of each accepted upload, in order. */
  readonly accepted: string[];
  /** Refusals by what they were: an HTTP status, or "no answer" for a dropped/refused connection. */
  readonly refused: Map<string, number>;
  /** A few refusal bodies, for the report. */
  readonly refusalExamples: string[];
  /** Resolves when every song was accepted, or after stop(). */
  readonly done: Promise<void>;
  stop(): void;
}

export function startFaultUploader(o: FaultUploaderOptions): FaultUploader {
  const accepted: string[] = [];
  const refused = new Map<string, number>();
  const refusalExamples: string[] = [];
  let stopped = false;
  const pause = (s: number) => new Promise((r) => setTimeout(r, s * 1000));
  const done = (async () => {
    for (let i = 0; i < o.uploads && !stopped; i++) {
      const song = syntheticSong(o.firstSeed + i, o.songSeconds);
      for (;;) {
        if (stopped) return;
        const outcome = await postFile(`${o.url}/v1/tracks`, o.apiKey, song.wav, `fault-${o.firstSeed + i}.wav`, "audio/wav", 60_000);
        if (outcome.status === 202) {
          accepted.push((JSON.parse(outcome.body) as { sha256: string }).sha256);
          break;
        }
        const kind = outcome.status === null ? "no answer" : String(outcome.status);
        refused.set(kind, (refused.get(kind) ?? 0) + 1);
        if (refusalExamples.length < 4) refusalExamples.push(`${kind}: ${(outcome.transportError ?? outcome.body).slice(0, 160)}`);
        await pause(1);
      }
      await pause(o.intervalSeconds);
    }
  })();
  return { accepted, refused, refusalExamples, done, stop: () => void (stopped = true) };
}
