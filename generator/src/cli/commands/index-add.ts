import { decodeAudioFile } from "../../../audio/src/decode/index.js";
import { SoundmarkIndex } from "../../../audio/src/index/index.js";
import type { Command } from "../command.js";
import { parseOptions } from "../parse-options.js";
import { ProgressBar } from "../progress-bar.js";
import { UsageError } from "../usage-error.js";

export const indexAddCommand: Command = {
  name: ["index", "add"],
  summary: "fingerprint audio files into an identification index on disk",
  usage: `usage: soundmark index add --db <dir> [--id <id>] [--replace] <files...>

Decodes each file, extracts its landmark fingerprints (peak pairs, and peak triplets that survive speed and pitch
changes) and stores them in the index at <dir> (created when missing). A track's id is its file path unless --id
is given (one file only). Files that fail to decode are reported and skipped; the exit code is 1 if any failed.
  --replace   re-fingerprint a track whose id is already in the index (otherwise it is skipped)
`,
  async run(args, io) {
    const { values, positionals } = parseOptions(args, {
      db: { type: "string" },
      id: { type: "string" },
      replace: { type: "boolean" },
    });
    if (!values.db) throw new UsageError("index add needs --db <dir>");
    if (positionals.length === 0) throw new UsageError("index add needs at least one file");
    if (values.id !== undefined && positionals.length !== 1) throw new UsageError("--id names one file only");

    const index = SoundmarkIndex.open(values.db);
    const bar = new ProgressBar(io, "index add", positionals.length);
    let added = 0;
    let skipped = 0;
    let failed = 0;
    try {
      for (const file of positionals) {
        const id = values.id ?? file;
        try {
          if (index.has(id) && !values.replace) {
            skipped++;
            io.stderr(`skipped ${file}: already indexed as ${id} (use --replace)\n`);
          } else {
            const audio = await decodeAudioFile(file);
            index.add(id, audio, { path: file, replace: values.replace });
            added++;
          }
        } catch (error) {
          failed++;
          io.stderr(`failed ${file}: ${error instanceof Error ? (("shortMessage" in error && String(error.shortMessage)) || error.message) : String(error)}\n`);
        }
        bar.tick(file);
      }
    } finally {
      index.close();
    }
    bar.finish(`${added} added, ${skipped} skipped, ${failed} failed; ${index.size} tracks in ${values.db}`);
    return failed > 0 ? 1 : 0;
  },
};
