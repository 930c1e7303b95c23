import { createHash } from "node:crypto";
import type { Hex } from "viem";
import { describe, expect, it } from "vitest";
import { TrackKind, type TrackRecord } from "../chain/track-record.js";
import { IpfsIntegrityError, rawCidFromDigest } from "../ipfs/index.js";
import type { GetBlock } from "../ipfs/read-verified.js";
import { canonicalJson } from "../pipeline/canonical-json.js";
import { MANIFEST_SCHEMA, type Manifest } from "../pipeline/manifest.js";
import { isManifestProblem, manifestDisagreements, parseManifest, readManifest } from "./verified-manifest.js";

const FILE_SHA = "ab".repeat(32);
const PARENT = "cd".repeat(32);

const manifest: Manifest = {
  schema: MANIFEST_SCHEMA,
  kind: "derivative",
  file: { sha256: FILE_SHA, sizeBytes: 1234, format: "wav", cid: "bafkreiexample" },
  audio: { pcmSha256: "ef".repeat(32), sampleRate: 16_000, channels: 1, durationSeconds: 20 },
  fingerprints: { chromaprint: { algorithm: 2, fingerprint: "AQAA" }, landmarks: { configs: ["pairs_v1"] } },
  watermark: { scheme: "soundmark-watermark-v2", keyId: "wmk_0123456789abcdef", payload: "0102030405060708" },
  generator: { modelHash: "12".repeat(32), styleId: 3, seed: 7, params: { temperature: 0.9 } },
  licence: { styleId: 3, licenceId: 4 },
  parents: [PARENT],
  timestamps: { submittedAt: "2026-11-24T18:00:00.000Z" },
};
const bytesOf = (m: unknown) => new TextEncoder().encode(canonicalJson(m));
const digestOf = (b: Uint8Array) => `0x${createHash("sha256").update(b).digest("hex")}` as Hex;
const record: TrackRecord = {
  contentHash: `0x${FILE_SHA}`,
  registrant: "0x0000000000000000000000000000000000000001",
  kind: TrackKind.Derivative,
  styleId: 3,
  licenceId: 4n,
  parents: [`0x${PARENT}`],
  manifestDigest: digestOf(bytesOf(manifest)),
};

/** A block source holding exactly these blocks (what a gateway would serve). */
const source = (...blocks: Uint8Array[]): GetBlock => {
  const byCid = new Map(blocks.map((b) => [rawCidFromDigest(digestOf(b)).toString(), b]));
  return async (cid) => byCid.get(cid.toString()) ?? new Uint8Array(0);
};

describe("readManifest and manifestDisagreements", () => {
  it("reads the manifest the on-chain digest names, and finds nothing the record contradicts", async () => {
    const bytes = bytesOf(manifest);
    const read = await readManifest(record.manifestDigest, source(bytes));
    if (isManifestProblem(read)) throw new Error(read.problem);
    expect(read.manifest).toEqual(manifest);
    expect(read.cid).toBe(rawCidFromDigest(record.manifestDigest).toString());
    expect(manifestDisagreements(read.manifest, record)).toEqual([]);
  });

  it("uses cached bytes only when they hash to the digest, and otherwise fetches (verified) again", async () => {
    const bytes = bytesOf(manifest);
    const read = await readManifest(record.manifestDigest, source(bytes), new TextEncoder().encode("stale cache"));
    expect(isManifestProblem(read)).toBe(false);
    await expect(readManifest(record.manifestDigest, source(), new TextEncoder().encode("stale"))).rejects.toThrow(IpfsIntegrityError);
  });

  it("names each field where the manifest and the on-chain record disagree", () => {
    const lines = manifestDisagreements({ ...manifest, kind: "generated", file: { ...manifest.file, sha256: "00".repeat(32) }, licence: { styleId: 3, licenceId: 5 }, parents: [] }, record);
    expect(lines).toEqual([
      expect.stringMatching(/^the manifest describes file 0{64}/),
      "the manifest says kind generated, the record kind derivative",
      "the manifest names style 3 licence 5, the record style 3 licence 4",
      "the manifest's parents differ from the record's",
    ]);
  });

  it("returns a problem for bytes that hash right but are not a canonical v1 manifest", () => {
    const problem = (bytes: Uint8Array) => {
      const read = parseManifest("bafk", bytes);
      return isManifestProblem(read) ? read.problem : "none";
    };
    expect(problem(new TextEncoder().encode("not json"))).toBe("the manifest is not JSON");
    expect(problem(bytesOf({ ...manifest, schema: "other/v9" }))).toMatch(/not of schema/);
    expect(problem(new TextEncoder().encode(JSON.stringify(manifest, null, 1)))).toBe("the manifest is not canonical JSON");
    expect(problem(bytesOf({ ...manifest, kind: "remix" }))).toMatch(/no valid kind/);
    expect(problem(bytesOf({ ...manifest, file: { ...manifest.file, sha256: "xyz" } }))).toMatch(/file section is malformed/);
    expect(problem(bytesOf({ ...manifest, audio: null }))).toMatch(/audio section is malformed/);
    expect(problem(bytesOf({ ...manifest, parents: ["nope"] }))).toMatch(/parents are malformed/);
    expect(problem(bytesOf({ ...manifest, watermark: { keyId: 1 } }))).toMatch(/watermark section is malformed/);
    expect(problem(bytesOf({ ...manifest, licence: { styleId: "3" } }))).toMatch(/licence section is malformed/);
    expect(problem(bytesOf(null))).toMatch(/not of schema/);
  });
});
