import { createHash } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import express from "express";
import { createWalletClient, defineChain, http, parseEventLogs, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeWav } from "../../generator/audio/src/encode/wav-writer.js";
import type { Pcm } from "../../generator/audio/src/pcm.js";
import { excerpt, syntheticMusic } from "../../generator/audio/src/testing/synthetic-music.js";
import { embedWatermark } from "../../generator/audio/src/watermark/index.js";
import type { CommandIo } from "../../generator/src/cli/command.js";
import { verifyCommand } from "../../generator/src/cli/commands/verify.js";
import { soundmarkRegistryAbi } from "../../server/src/chain/abi/SoundmarkRegistry.js";
import { deploymentPath } from "../../server/src/chain/deployment.js";
import { LICENCE_GRANT_TYPES, licenceGrantDomain } from "../../server/src/chain/licence-grant.js";
import { encodeMp3 } from "../../generator/audio/src/encode/mp3-writer.js";
import type { RunningServer } from "../../server/src/server.js";
import { verifyFile, type VerifyResult } from "../../server/src/verify/index.js";
import { apiClient, createServerFolder, startChainNode, startTestServer, type ChainNode, type ServerFolder } from "./testing/e2e-stack.js";

const MODEL_HASH = createHash("sha256").update("verify e2e model").digest("hex");

/** An HTTP server for the duration of a test: a trustless gateway, or a hostile one. */
async function listen(app: express.Express): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/**
 * The trustless path against the real stack: tracks registered by the server (one directly, two in a Merkle batch),
 * then `soundmark verify` from the chain's JSON-RPC and a trustless gateway over the server's IPFS blocks only, its
 * answer compared field by field with POST /v1/check and GraphQL provenance for a full file and an MP3 excerpt.
 */
describe("end to end: soundmark verify answers as the server does, from the chain and IPFS alone", () => {
  let chain: ChainNode;
  let folder: ServerFolder;
  let server: RunningServer;
  let api: ReturnType<typeof apiClient>;
  let gateway: { url: string; close: () => Promise<void> };
  let work: string;
  let keyFile: string;
  let styleId: number;
  let licenceId: number;
  const pcm: Record<"direct" | "original" | "batched", Pcm> = {} as never;
  const sha: Record<"direct" | "original" | "batched", string> = {} as never;

  const verify = (filePath: string, extra: Partial<Parameters<typeof verifyFile>[0]> = {}) =>
    verifyFile({
      filePath,
      rpcUrl: chain.rpcUrl,
      registry: server.contracts.SoundmarkRegistry,
      ipfsUrl: gateway.url,
      watermarkKeys: [folder.watermarkKey!],
      cacheDir: join(work, "cache"),
      ...extra,
    });

  beforeAll(async () => {
    chain = await startChainNode();
    folder = await createServerFolder();
    // Two registrations waiting together are anchored as one Merkle batch; a lone one goes directly after the window.
    folder.config = { ...folder.config, chain: { ...folder.config.chain, batchThreshold: 1 }, ingest: { ...folder.config.ingest, concurrency: 2 } };
    server = await startTestServer(folder, chain, await chain.fundedKey());
    api = apiClient(server.url, server.firstApiKey);
    work = await mkdtemp(join(tmpdir(), "soundmark-verify-e2e-"));
    keyFile = join(work, "key.json");
    await writeFile(keyFile, JSON.stringify(folder.watermarkKey));

    // (seeds whose synthetic songs hold the harness key's mark: on sparse synthetic audio the margin depends on the song)
    // The artist registers a style and signs a licence for the server's signer, straight on the chain.
    const artist = privateKeyToAccount(await chain.fundedKey());
    const wallet = createWalletClient({
      account: artist,
      chain: defineChain({ id: server.chainId, name: "e2e", nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 }, rpcUrls: { default: { http: [chain.rpcUrl] } } }),
      transport: http(chain.rpcUrl),
    });
    const registry = server.contracts.SoundmarkRegistry;
    const terms = { fee: 0n, royaltyBps: 700, duration: 0, maxTracks: 0, commercial: true, derivatives: true, purchasable: false };
    const styleTx = await wallet.writeContract({ address: registry, abi: soundmarkRegistryAbi, functionName: "registerStyle", args: ["ipfs://verify-style", terms] });
    const styleLogs = parseEventLogs({ abi: soundmarkRegistryAbi, eventName: "StyleRegistered", logs: (await chain.publicClient.waitForTransactionReceipt({ hash: styleTx })).logs });
    styleId = Number(styleLogs[0]!.args.styleId);
    const grant = { styleId: BigInt(styleId), licensee: server.signer, expiresAt: 0, maxTracks: 0, royaltyBps: 700, commercial: true, derivatives: true, nonce: 1n, deadline: BigInt(Math.floor(Date.now() / 1000) + 3600) };
    const signature = await artist.signTypedData({ domain: licenceGrantDomain(server.chainId, registry), types: LICENCE_GRANT_TYPES, primaryType: "LicenceGrant", message: grant });
    const licenceTx = await wallet.writeContract({ address: registry, abi: soundmarkRegistryAbi, functionName: "grantLicenceBySig", args: [grant, signature] });
    const licenceLogs = parseEventLogs({ abi: soundmarkRegistryAbi, eventName: "LicenceIssued", logs: (await chain.publicClient.waitForTransactionReceipt({ hash: licenceTx })).logs });
    licenceId = Number(licenceLogs[0]!.args.licenceId);

    const key = folder.watermarkKey!;
    pcm.direct = embedWatermark(syntheticMusic({ seed: 31, durationSeconds: 20, sampleRate: 16_000 }), key, Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8])).pcm;
    pcm.original = syntheticMusic({ seed: 52, durationSeconds: 16, sampleRate: 16_000 });
    pcm.batched = embedWatermark(syntheticMusic({ seed: 37, durationSeconds: 20, sampleRate: 16_000 }), key, Uint8Array.from([9, 9, 9, 9, 0, 0, 0, 1])).pcm;
    const generator = (seed: number) => JSON.stringify({ styleId, licenceId, modelHash: MODEL_HASH, seed, params: { temperature: 0.8 } });
    const submit = async (name: keyof typeof pcm, fields: Record<string, string>) => {
      const wav = encodeWav(pcm[name], "s16");
      sha[name] = createHash("sha256").update(wav).digest("hex");
      expect((await api.upload("/v1/tracks", wav, `${name}.wav`, fields)).status).toBe(202);
    };
    const registered = (name: keyof typeof pcm) => api.waitForTrack(sha[name], (t) => t.status === "registered" || t.status === "failed", 120_000);

    await submit("direct", { generator: generator(31) });
    expect(await registered("direct")).toMatchObject({ status: "registered" });
    await Promise.all([submit("original", {}), submit("batched", { generator: generator(37) })]);
    for (const name of ["original", "batched"] as const) expect(await registered(name)).toMatchObject({ status: "registered" });

    // The server is a trustless gateway of its own IPFS blocks (GET /ipfs/:cid?format=raw): verify re-hashes every block.
    gateway = { url: server.url, close: async () => {} };
  }, 240_000);

  afterAll(async () => {
    await gateway?.close();
    await server?.close();
    await chain?.close();
    if (folder) await rm(folder.dataDir, { recursive: true, force: true });
    if (work) await rm(work, { recursive: true, force: true });
  });

  /** The server's answer for a file: POST /v1/check. */
  async function serverCheck(bytes: Uint8Array, name: string) {
    const { status, body } = await api.upload("/v1/check", bytes, name);
    expect(status).toBe(200);
    return body;
  }

  /** The fields the two answers must share. */
  function expectSameAnswer(mine: VerifyResult, theirs: any) {
    expect(mine.problems).toEqual([]);
    expect(mine.warnings).toEqual([]);
    expect(mine.aiGenerated).toBe(theirs.aiGenerated);
    expect(mine.reasons).toEqual(theirs.reasons);
    expect(mine.sha256).toBe(theirs.sha256);
    expect(mine.format).toBe(theirs.format);
    expect(mine.durationSeconds).toBe(theirs.durationSeconds);
    expect(mine.style).toEqual(theirs.style);
    const { tracks: _, ...scan } = mine.watermark!;
    expect(scan).toEqual(theirs.watermark);
    expect(mine.matches).toEqual(theirs.matches);
    expect(mine.records.length).toBe(theirs.records.length);
    mine.records.forEach((r, i) => {
      const s = theirs.records[i];
      expect(r).toMatchObject({
        sha256: s.sha256,
        kind: s.kind,
        registered: s.registered,
        generated: s.generated,
        styleId: s.styleId,
        licenceId: s.licenceId,
        parents: s.parents,
        cid: s.cid,
        manifestCid: s.manifestCid,
        transactionHash: s.transactionHash,
        blockNumber: s.blockNumber,
        registrant: s.registrant,
        pcmSha256: s.pcmSha256,
        durationSeconds: s.durationSeconds,
        watermark: s.watermark ? { scheme: s.watermark.scheme, keyId: s.watermark.keyId, payload: s.watermark.payload } : null,
      });
      expect(r.manifestVerified).toBe(true);
    });
  }

  /** GraphQL provenance, once the indexer has reached the record's block. */
  async function provenance(sha256: string) {
    const query = `query($sha: String!) { provenance(sha256: $sha) {
      registrant artist modelHash transactionHash blockNumber manifestCid watermark style { id artist } licence { id licensee royaltyBps } track { kind } } }`;
    const until = Date.now() + 30_000;
    for (;;) {
      const data = await api.graphql(query, { sha: sha256 });
      if (data.provenance?.blockNumber) return data.provenance;
      if (Date.now() > until) throw new Error(`no provenance for ${sha256}: ${JSON.stringify(data)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  function expectSameProvenance(record: VerifyResult["records"][number], p: any) {
    expect(record).toMatchObject({
      registrant: p.registrant,
      artist: p.artist,
      modelHash: p.modelHash,
      transactionHash: p.transactionHash,
      blockNumber: String(p.blockNumber),
      manifestCid: p.manifestCid,
    });
    expect(record.watermark).toEqual({ scheme: p.watermark.scheme, keyId: p.watermark.keyId, payload: p.watermark.payload });
    expect(String(record.styleId)).toBe(p.style.id);
    expect(record.licence).toEqual({ id: p.licence.id, licensee: p.licence.licensee, royaltyBps: p.licence.royaltyBps });
  }

  it("gives the server's verdict, evidence and record for a full registered file, and its provenance", async () => {
    const wav = encodeWav(pcm.direct, "s16");
    const path = join(work, "direct.wav");
    await writeFile(path, wav);
    const [mine, theirs] = [await verify(path), await serverCheck(wav, "direct.wav")];
    expect(mine.aiGenerated).toBe("yes");
    expectSameAnswer(mine, theirs);
    expect(mine.samePcm).toEqual([sha.direct]);
    expect(mine.watermark).toMatchObject({ detected: true, payload: "0102030405060708", tracks: [sha.direct] });
    expect(mine.source).toMatchObject({ registeredTracks: 3, indexedTracks: 3 });
    const record = mine.records.find((r) => r.sha256 === sha.direct)!;
    expect(record).toMatchObject({ proof: "registered", batch: null, styleId, licenceId, artist: expect.stringMatching(/^0x[0-9a-f]{40}$/) });
    expectSameProvenance(record, await provenance(sha.direct));
  });

  it("gives the server's answer for a 128 kbps MP3 excerpt of a track anchored in a Merkle batch, with its proof", async () => {
    const mp3 = encodeMp3(excerpt(pcm.batched, 5, 10), 128);
    const path = join(work, "clip.mp3");
    await writeFile(path, mp3);
    const [mine, theirs] = [await verify(path), await serverCheck(mp3, "clip.mp3")];
    expect(mine.aiGenerated).toBe("yes");
    expect(mine.matches[0]!.sha256).toBe(sha.batched);
    expectSameAnswer(mine, theirs);
    const record = mine.records[0]!;
    expect(record).toMatchObject({ sha256: sha.batched, proof: "anchored", batch: { promoted: false, verifiedOnChain: true } });
    expect(record.batch!.proof.length).toBeGreaterThan(0);
    expectSameProvenance(record, await provenance(sha.batched));
  });

  it("agrees on an unrelated recording (no) and on an excerpt of a registered original (unknown)", async () => {
    for (const [name, clip] of [
      ["unrelated.wav", syntheticMusic({ seed: 99, durationSeconds: 10, sampleRate: 16_000 })],
      ["original-clip.wav", excerpt(pcm.original, 3, 8)],
    ] as const) {
      const wav = encodeWav(clip, "s16");
      const path = join(work, name);
      await writeFile(path, wav);
      expectSameAnswer(await verify(path), await serverCheck(wav, name));
    }
  });

  it("runs as `soundmark verify` with a deployment file and a key file, and prints the same result as JSON", async () => {
    const path = join(work, "clip.mp3");
    let stdout = "";
    const io: CommandIo = { stdout: (t) => void (stdout += t), stderr: () => {}, interactive: false };
    const deployment = deploymentPath(folder.config.paths.deployments, server.chainId);
    const code = await verifyCommand.run([path, "--rpc", chain.rpcUrl, "--ipfs", gateway.url, "--key", keyFile, "--deployment", deployment, "--cache", join(work, "cache"), "--json"], io);
    expect(code).toBe(0);
    const printed = JSON.parse(stdout) as VerifyResult;
    expect(printed).toEqual(JSON.parse(JSON.stringify(await verify(path))));
    // Without --json: a readable summary naming the verdict, the transaction and the proof.
    stdout = "";
    expect(await verifyCommand.run([path, "--rpc", chain.rpcUrl, "--ipfs", gateway.url, "--key", keyFile, "--registry", server.contracts.SoundmarkRegistry, "--cache", join(work, "cache")], io)).toBe(0);
    expect(stdout).toMatch(/^verdict {6}yes: AI-generated/m);
    expect(stdout).toContain(`Merkle batch`);
    expect(stdout).toContain("accepted by the registry");
  });

  it("reports, and exits 1, when a gateway serves a forged manifest", async () => {
    // A fault injected on purpose: a gateway that answers the direct track's manifest with other bytes.
    const direct = await api.track(sha.direct);
    const forged = express();
    forged.get(`/ipfs/${direct.body.manifestCid}`, (_req, res) => void res.type("application/vnd.ipld.raw").send(Buffer.from('{"schema":"soundmark/manifest/v1"}')));
    // Every other block comes from the server's gateway, unchanged.
    forged.use(async (req, res) => {
      const upstream = await fetch(`${server.url}${req.originalUrl}`, { headers: { accept: req.headers.accept ?? "*/*" } });
      res.status(upstream.status).type(upstream.headers.get("content-type") ?? "application/octet-stream").send(Buffer.from(await upstream.arrayBuffer()));
    });
    const hostile = await listen(forged);
    try {
      const path = join(work, "direct.wav");
      const mine = await verify(path, { ipfsUrl: hostile.url, cacheDir: join(work, "cache-hostile") });
      expect(mine.problems.join("\n")).toMatch(new RegExp(`track ${sha.direct}: manifest: block ${direct.body.manifestCid} does not match its CID`));
      expect(mine.records.find((r) => r.sha256 === sha.direct)!.manifestVerified).toBe(false);
      let stderr = "";
      const io: CommandIo = { stdout: () => {}, stderr: (t) => void (stderr += t), interactive: false };
      const code = await verifyCommand.run([path, "--rpc", chain.rpcUrl, "--ipfs", hostile.url, "--registry", server.contracts.SoundmarkRegistry, "--cache", join(work, "cache-hostile")], io);
      expect(code).toBe(1);
    } finally {
      await hostile.close();
    }
  });
});
