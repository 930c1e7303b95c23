import { existsSync } from "node:fs";
import { decodeAudioFile } from "../../../audio/src/decode/index.js";
import { SoundmarkIndex } from "../../../audio/src/index/index.js";
import type { Command } from "../command.js";
import { parseOptions } from "../parse-options.js";
import { UsageError } from "../usage-error.js";

export const identifyCommand: Command = {
  name: ["identify"],
  summary: "find which indexed tracks an audio file (or excerpt) comes from",
  usage: `usage: soundmark identify --db <dir> <file> [--json]

Matches the file's landmarks against the index. Prints the matching tracks best first, with the offset in the
track where the file starts, the matched duration and, for sped-up or transposed copies, the speed and pitch factors.
Nothing is printed (and "matches" is empty) when the audio matches no track beyond chance.
  --json   {"matches": [{"id", "path", "score", "offsetSeconds", "matchedSeconds", ...}]}
`,
  async run(args, io) {
    const { values, positionals } = parseOptions(args, { db: { type: "string" }, json: { type: "boolean" } });
    if (!values.db) throw new UsageError("identify needs --db <dir>");
    if (positionals.length !== 1) throw new UsageError("identify takes exactly one file");
    if (!existsSync(values.db)) throw new UsageError(`no index at ${values.db} (create one with soundmark index add)`);

    const audio = await decodeAudioFile(positionals[0]!);
    const index = SoundmarkIndex.open(values.db);
    let result;
    try {
      result = index.query(audio);
    } finally {
      index.close();
    }
    const matches = result.matches.map((m) => ({
      id: m.id,
      path: m.path ?? null,
      score: m.score,
      offsetSeconds: round(m.offsetSeconds, 3),
      matchedSeconds: round(m.matchedSeconds, 3),
      ...(m.speedFactor !== undefined ? { speedFactor: round(m.speedFactor, 4) } : {}),
      ...(m.pitchFactor !== undefined ? { pitchFactor: round(m.pitchFactor, 4) } : {}),
      falseMatchProbability: m.pValue,
    }));
    if (values.json) {
      io.stdout(JSON.stringify({ matches }) + "\n");
    } else if (matches.length === 0) {
      io.stderr("no match\n");
    } else {
      for (const m of matches) {
        const factors = [m.speedFactor && `speed ${m.speedFactor}`, m.pitchFactor && `pitch ${m.pitchFactor}`].filter(Boolean);
        io.stdout(
          `${m.id}\tscore ${m.score}\tat ${m.offsetSeconds} s\tmatched ${m.matchedSeconds} s${factors.length ? `\t${factors.join(", ")}` : ""}\n`,
        );
      }
    }
    return 0;
  },
};

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
