import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { encodeWav } from "../../../audio/src/encode/wav-writer.js";
import { excerpt, syntheticMusic } from "../../../audio/src/testing/synthetic-music.js";
import { runCli } from "../testing/run-cli.js";

let dir: string;
let db: string;
const tracks: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "cli-index-"));
  db = path.join(dir, "db");
  for (const seed of [11, 12, 13, 14]) {
    const file = path.join(dir, `song-${seed}.wav`);
    await writeFile(file, encodeWav(syntheticMusic({ seed, durationSeconds: 40, sampleRate: 11025 })));
    tracks.push(file);
  }
  // An excerpt of song-13 from 17 s, and audio that was never indexed.
  await writeFile(
    path.join(dir, "query.wav"),
    encodeWav(excerpt(syntheticMusic({ seed: 13, durationSeconds: 40, sampleRate: 11025 }), 17, 10)),
  );
  await writeFile(path.join(dir, "stranger.wav"), encodeWav(syntheticMusic({ seed: 99, durationSeconds: 10, sampleRate: 11025 })));
}, 120_000);

describe("soundmark index add / identify", () => {
  it("indexes files (ids default to their paths) and finds an excerpt with its offset", async () => {
    const add = await runCli("index", "add", "--db", db, ...tracks);
    expect(add.code).toBe(0);
    expect(add.stderr).toMatch(/4 added, 0 skipped, 0 failed; 4 tracks/);

    const found = await runCli("identify", "--db", db, path.join(dir, "query.wav"), "--json");
    expect(found.code).toBe(0);
    const { matches } = JSON.parse(found.stdout);
    expect(matches[0].id).toBe(tracks[2]);
    expect(matches[0].path).toBe(tracks[2]);
    expect(Math.abs(matches[0].offsetSeconds - 17)).toBeLessThan(0.2);
    expect(matches[0].matchedSeconds).toBeGreaterThan(5);
    expect(matches[0].score).toBeGreaterThan(0);
  }, 120_000);

  it("answers an empty match list for audio that is not indexed", async () => {
    const { code, stdout } = await runCli("identify", "--db", db, path.join(dir, "stranger.wav"), "--json");
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ matches: [] });
  }, 60_000);

  it("skips an id already indexed, takes --id for one file, and reports undecodable files with exit 1", async () => {
    const again = await runCli("index", "add", "--db", db, tracks[0]!);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/skipped .*already indexed/);

    const named = await runCli("index", "add", "--db", db, "--id", "my-song", tracks[1]!);
    expect(named.code).toBe(0);
    const bad = path.join(dir, "bad.wav");
    await writeFile(bad, "RIFF....WAVEjunk");
    const broken = await runCli("index", "add", "--db", db, bad);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/failed .*bad\.wav/);
  }, 120_000);

  it("refuses to run without --db or files, and identify on a missing index", async () => {
    expect((await runCli("index", "add", tracks[0]!)).code).toBe(2);
    expect((await runCli("index", "add", "--db", db)).code).toBe(2);
    expect((await runCli("index", "add", "--db", db, "--id", "x", tracks[0]!, tracks[1]!)).code).toBe(2);
    const missing = await runCli("identify", "--db", path.join(dir, "nope"), tracks[0]!);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no index at/);
  });
});
