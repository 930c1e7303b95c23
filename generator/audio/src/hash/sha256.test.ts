import { createHash } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SeededRandom } from "../random/seeded-random.js";
import { fixturePath, readFixture } from "../decode/testing/fixtures.js";
import { sha256, sha256File, sha256Stream } from "./sha256.js";

describe("sha256", () => {
  it("matches the FIPS 180-2 test vector for 'abc'", () => {
    expect(sha256(new TextEncoder().encode("abc"))).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("of a fixture file equals `sha256sum` of it", async () => {
    const expected = "fb98e2091198cb28d86565836324ed730f14227a118c0eea57ac28959ce0887c";
    expect(sha256(readFixture("s16"))).toBe(expected);
    expect(await sha256File(fixturePath("s16"))).toBe(expected);
  });
});

describe("sha256File and sha256Stream", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "soundmark-sha256-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("hash a file of several read chunks (3 MiB + 7 bytes) like the one-shot digest", async () => {
    const rng = new SeededRandom(256);
    const bytes = Uint8Array.from({ length: 3 * 1024 * 1024 + 7 }, () => rng.int(0, 256));
    const path = join(dir, "random.bin");
    await writeFile(path, bytes);
    expect(await sha256File(path)).toBe(createHash("sha256").update(bytes).digest("hex"));
  });

  it("hash an empty file", async () => {
    const path = join(dir, "empty.bin");
    await writeFile(path, "");
    expect(await sha256File(path)).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });

  it("hash chunks from a sync or async source like their concatenation", async () => {
    const text = new TextEncoder().encode("the quick brown fox jumps over the lazy dog");
    const parts = [text.subarray(0, 5), text.subarray(5, 6), text.subarray(6)];
    async function* slowly() {
      for (const part of parts) yield part;
    }
    expect(await sha256Stream(parts)).toBe(sha256(text));
    expect(await sha256Stream(slowly())).toBe(sha256(text));
  });
});
