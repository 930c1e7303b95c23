import { createHash } from "node:crypto";
import { mkdtemp, readFile, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { encodeWav } from "../../../audio/src/encode/wav-writer.js";
import { syntheticMusic } from "../../../audio/src/testing/synthetic-music.js";
import { watermarkKeyId } from "../../../audio/src/watermark/watermark-key.js";
import { runCli } from "../testing/run-cli.js";

let dir: string;
let key: string;
let song: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "cli-watermark-"));
  key = path.join(dir, "key.json");
  song = path.join(dir, "song.wav");
  // The library tests' fixture (watermark.test.ts): v2 needs enough spectral density to steer, and the sparse
  // synthetic songs do not all have it; real music does (see the watermark README).
  const music = syntheticMusic({ seed: 4, durationSeconds: 14, sampleRate: 44100 });
  await writeFile(song, encodeWav({ sampleRate: 44100, channels: [music.channels[0]!, music.channels[0]!] }));
}, 60_000);

describe("soundmark watermark", () => {
  it("keygen writes a private key file and refuses to overwrite it", async () => {
    const made = await runCli("watermark", "keygen", "--out", key);
    expect(made.code).toBe(0);
    const parsed = JSON.parse(await readFile(key, "utf8"));
    expect(made.stdout.trim()).toBe(parsed.keyId);
    expect(parsed.secret).toMatch(/^[0-9a-f]{64}$/);
    expect((await stat(key)).mode & 0o777).toBe(0o600);
    const again = await runCli("watermark", "keygen", "--out", key);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/exists/);
  });

  it("embeds a payload that detect reads back, and finds nothing in the original", async () => {
    // A fixed key: on sparse synthetic songs v2's detection margin depends on the key's pattern (see the watermark
    // README), so a fresh keygen key would make this test a lottery. keygen itself is tested above.
    const secret = createHash("sha256").update("soundmark cli test key").digest("hex");
    const key = path.join(dir, "fixed-key.json");
    await writeFile(key, JSON.stringify({ keyId: watermarkKeyId(secret), secret }));
    const marked = path.join(dir, "marked.wav");
    const embed = await runCli("watermark", "embed", "--key", key, "--payload", "0123456789abcdef", song, marked);
    expect(embed.code).toBe(0);
    expect(embed.stdout).toMatch(/SNR \d+\.\d dB/);

    const found = JSON.parse((await runCli("watermark", "detect", "--key", key, marked, "--json")).stdout);
    expect(found.detected).toBe(true);
    expect(found.payload).toBe("0123456789abcdef");
    expect(found.falsePositiveProbability).toBeLessThan(1e-6);
    expect(found.segments.length).toBeGreaterThan(0);

    const clean = JSON.parse((await runCli("watermark", "detect", "--key", key, song, "--json")).stdout);
    expect(clean.detected).toBe(false);
    expect(clean.payload).toBeNull();
  }, 120_000);

  it("gives clear errors for a bad payload, a bad key file and a missing key", async () => {
    const shortPayload = await runCli("watermark", "embed", "--key", key, "--payload", "abc", song, path.join(dir, "x.wav"));
    expect(shortPayload.code).toBe(2);
    expect(shortPayload.stderr).toMatch(/16 hex digits/);
    const badKey = path.join(dir, "bad-key.json");
    await writeFile(badKey, '{"secret": "nothex"}');
    const detect = await runCli("watermark", "detect", "--key", badKey, song);
    expect(detect.code).toBe(1);
    expect(detect.stderr).toMatch(/^soundmark: /);
    expect((await runCli("watermark", "detect", song)).code).toBe(2);
  });
});
