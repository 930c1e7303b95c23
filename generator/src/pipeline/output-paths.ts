import path from "node:path";
import { InvalidGenerateParametersError } from "./pipeline-error.js";

/** The three files of one generated track: `x.wav`, with `x.mid` and the manifest `x.json` beside it. */
export interface TrackPaths {
  wav: string;
  midi: string;
  manifest: string;
}

/** The paths for `--out <x.wav>`; the name must end in .wav so that the siblings' names are unambiguous. */
export function trackPaths(out: string): TrackPaths {
  if (!/\.wav$/i.test(out) || path.basename(out).length <= 4) {
    throw new InvalidGenerateParametersError(`the output must be a .wav file name, got "${out}"`);
  }
  const base = out.slice(0, -4);
  return { wav: out, midi: `${base}.mid`, manifest: `${base}.json` };
}
