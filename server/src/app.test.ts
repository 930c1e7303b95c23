import { mkdtemp, readFile, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Server } from "node:http";
import { SiweMessage } from "siwe";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SoundmarkIndex } from "../../generator/audio/src/index/soundmark-index.js";
import { buildApp } from "./app.js";
import { createApiKey, revokeApiKey } from "./auth/api-key/index.js";
import { openIpfs, type IpfsStore } from "./ipfs/index.js";
import { createIngestPipeline, type IngestPipeline } from "./pipeline/index.js";
import { createCheckService } from "./schema/check/check-service.js";
import { adaptReadModel } from "./schema/track/read-model-adapter.js";
import { startEdrChain, type EdrChain } from "./chain/testing/edr-chain.js";
import { createTrackRegistrar } from "./chain/track-registrar.js";
import { createReadModel } from "./indexer/read-model.js";
import { openStore, type Store } from "./store/index.js";

const fixtures = path.resolve(import.meta.dirname, "../../generator/audio/fixtures");
const MAX_UPLOAD = 512 * 1024;
const artist = privateKeyToAccount(generatePrivateKey());

describe("buildApp (REST + GraphQL over real PGlite, Helia, index and ingest pipeline)", () => {
  let dir: string;
  let store: Store;
  let ipfs: IpfsStore;
  let index: SoundmarkIndex;
  let pipeline: IngestPipeline;
  let chain: EdrChain;
  let server: Server;
  let base: string;
  let ingestKey: string;
  let checkKey: string;
  let revokedKey: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "soundmark-app-"));
    store = await openStore({});
    ipfs = await openIpfs({ dataDir: dir });
    index = SoundmarkIndex.open(path.join(dir, "index"));
    const limits = { maxUploadBytes: MAX_UPLOAD, maxDurationSeconds: 60 };
    chain = await startEdrChain();
    const deployment = await chain.deploy();
    pipeline = createIngestPipeline({
      store,
      ipfs,
      registrar: createTrackRegistrar({ publicClient: chain.publicClient, walletClient: chain.wallet(0), deployment, store }),
      index,
      watermarkKeys: [],
      dataDir: dir,
      limits,
      pollIntervalMs: 50,
    });
    const { app } = buildApp({
      services: {
        store,
        ingest: pipeline,
        check: createCheckService({ store, index, watermarkKeys: [], uploadsDir: path.join(dir, "uploads"), limits }),
        readModel: adaptReadModel(createReadModel(store), store),
        info: {
          chainId: 31337,
          contracts: { SoundmarkRegistry: "0x5FbDB2315678afecb367f032d93F642f64180aa3", TrackNFT: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512" },
          siwe: { domain: "soundmark.test", chainId: 31337 },
          maxUploadBytes: MAX_UPLOAD,
        },
      },
      config: {
        uploadDir: path.join(dir, "uploads", "incoming"),
        maxUploadBytes: MAX_UPLOAD,
        rateLimits: { anonymous: { perMinute: 600, burst: 300 }, authenticated: { perMinute: 600, burst: 300 }, uploadCost: 1 },
      },
      metricsSources: {
        ingestJobsByStatus: async () =>
          Object.fromEntries(
            (await store.query<{ status: string; n: string }>("SELECT status, count(*) AS n FROM ingest_jobs GROUP BY status")).map((r) => [r.status, Number(r.n)]),
          ),
      },
      logger: { info() {}, warn() {}, error() {} },
    });
    server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    ingestKey = (await createApiKey(store, { scopes: ["ingest"] })).key;
    checkKey = (await createApiKey(store, { scopes: ["check"] })).key;
    const revoked = await createApiKey(store, { scopes: ["ingest", "check"] });
    await revokeApiKey(store, revoked.apiKey.id);
    revokedKey = revoked.key;
  });

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await pipeline?.stop();
    index?.close();
    await ipfs?.close();
    await store?.close();
    await chain?.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function upload(route: string, bytes: Uint8Array, name: string, type: string, key?: string) {
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(bytes)], { type }), name);
    return fetch(`${base}${route}`, { method: "POST", body: form, headers: key ? { authorization: `Bearer ${key}` } : {} });
  }

  async function graphql(query: string, variables?: Record<string, unknown>, token?: string) {
    const response = await fetch(`${base}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, body: (await response.json()) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] } };
  }

  it("serves /healthz, /metrics and the offline GraphQL console", async () => {
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok", checks: { database: "ok" } });
    const page = await fetch(`${base}/graphql`, { headers: { accept: "text/html" } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("<title>Soundmark GraphQL</title>");
    expect(html).not.toMatch(/https?:\/\/(unpkg|cdn|raw\.githubusercontent)/);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/soundmark_http_requests_total\{method="GET",route="\/healthz",status="200"\} 1/);
    expect(metrics).toMatch(/soundmark_ingest_jobs\{status="failed"\} \d+/);
  });

  it("POST /v1/tracks: 401 without a key, 401 revoked, 403 with another scope, 202 with an ingest key", async () => {
    const wav = await readFile(path.join(fixtures, "tone-11k025-mono-s16.wav"));
    const none = await upload("/v1/tracks", wav, "a.wav", "audio/wav");
    expect(none.status).toBe(401);
    expect(((await none.json()) as any).error.code).toBe("UNAUTHENTICATED");
    expect((await upload("/v1/tracks", wav, "a.wav", "audio/wav", revokedKey)).status).toBe(401);
    const wrongScope = await upload("/v1/tracks", wav, "a.wav", "audio/wav", checkKey);
    expect(wrongScope.status).toBe(403);
    expect(((await wrongScope.json()) as any).error.code).toBe("FORBIDDEN");
    const garbage = await upload("/v1/tracks", wav, "a.wav", "audio/wav", "sm_not-a-key");
    expect(garbage.status).toBe(401);

    const accepted = await upload("/v1/tracks", wav, "a.wav", "audio/wav", ingestKey);
    expect(accepted.status).toBe(202);
    const body = (await accepted.json()) as { sha256: string; jobId: string; status: string };
    expect(body).toMatchObject({ sha256: expect.stringMatching(/^[0-9a-f]{64}$/), jobId: expect.any(String) });
    expect(["queued", "processing", "failed", "registered"]).toContain(body.status);
    expect(accepted.headers.get("location")).toBe(`/v1/tracks/${body.sha256}`);

    const status = await fetch(`${base}/v1/tracks/${body.sha256}`);
    expect(status.status).toBe(200);
    expect(await status.json()).toMatchObject({ sha256: body.sha256, jobId: body.jobId });
    expect((await fetch(`${base}/v1/tracks/${"0".repeat(64)}`)).status).toBe(404);
    expect((await fetch(`${base}/v1/tracks/not-a-hash`)).status).toBe(400);
  });

  it("refuses an oversized upload with 413 and non-audio bytes named .wav with 415, leaving no temp file", async () => {
    const big = new Uint8Array(MAX_UPLOAD + 1024);
    big.set(await readFile(path.join(fixtures, "tone-11k025-mono-s16.wav")).then((b) => b.subarray(0, 44)));
    const tooLarge = await upload("/v1/tracks", big, "big.wav", "audio/wav", ingestKey);
    expect(tooLarge.status).toBe(413);
    expect(((await tooLarge.json()) as any).error.code).toBe("UPLOAD_TOO_LARGE");

    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Array(64).fill(0)]);
    const notAudio = await upload("/v1/tracks", png, "song.wav", "audio/wav", ingestKey);
    expect(notAudio.status).toBe(415);
    expect((await notAudio.json()) as any).toMatchObject({ error: { code: "UNSUPPORTED_MEDIA_TYPE", message: expect.stringMatching(/PNG/) } });

    const text = await upload("/v1/check", new TextEncoder().encode("RIFF? no, just text pretending"), "clip.mp3", "audio/mpeg", checkKey);
    expect(text.status).toBe(415);
    const { readdir } = await import("node:fs/promises");
    expect(await readdir(path.join(dir, "uploads", "incoming"))).toEqual([]);
  });

  it("fails the job of a truncated file with the decoder's clear error", async () => {
    const flac = await readFile(path.join(fixtures, "chord-44k1-stereo-s16.flac"));
    const cut = flac.subarray(0, flac.length >> 1);
    const accepted = await upload("/v1/tracks", cut, "cut.flac", "audio/flac", ingestKey);
    expect(accepted.status).toBe(202);
    const { sha256 } = (await accepted.json()) as { sha256: string };
    pipeline.start();
    const failed = await new Promise<any>((resolve) => {
      const poll = async () => {
        const body = (await (await fetch(`${base}/v1/tracks/${sha256}`)).json()) as any;
        if (body.status === "failed") resolve(body);
        else setTimeout(poll, 50);
      };
      void poll();
    });
    expect(failed).toMatchObject({ status: "failed", errorCode: "TRUNCATED_AUDIO", error: expect.stringMatching(/Truncated audio/) });
  });

  it("GraphQL: public reads, depth, alias and token limits with stable codes", async () => {
    const me = await graphql("{ me { kind } serverInfo { chainId siweDomain } }");
    expect(me.body.data).toEqual({ me: { kind: "ANONYMOUS" }, serverInfo: { chainId: 31337, siweDomain: "soundmark.test" } });

    const deep = await graphql("{ track(sha256: \"" + "a".repeat(64) + "\") { parents { parents { parents { parents { parents { parents { parents { parents { parents { parents { parents { sha256 } } } } } } } } } } } } }");
    expect(deep.body.errors?.[0]?.extensions?.code).toBe("QUERY_TOO_DEEP");
    expect(deep.body.data).toBeUndefined();

    const aliases = Array.from({ length: 40 }, (_, i) => `a${i}: serverInfo { chainId }`).join(" ");
    expect((await graphql(`{ ${aliases} }`)).body.errors?.[0]?.extensions?.code).toBe("TOO_MANY_ALIASES");

    const tokens = `{ me { ${Array.from({ length: 2500 }, () => "kind").join(" ")} } }`;
    expect((await graphql(tokens)).body.errors?.[0]?.extensions?.code).toBe("TOO_MANY_TOKENS");

    const bad = await graphql("{ me { kind } }", undefined, "sm_" + "x".repeat(43));
    expect(bad.status).toBe(401);
    expect(bad.body.errors?.[0]?.extensions?.code).toBe("INVALID_API_KEY");
  });

  it("GraphQL: submitTrack over the multipart spec, only with the ingest scope", async () => {
    const mp3 = await readFile(path.join(fixtures, "tone-11k025-mono-32k.mp3"));
    const send = async (key: string) => {
      const form = new FormData();
      form.append("operations", JSON.stringify({ query: "mutation($f: Upload!) { submitTrack(file: $f) { id sha256 status } }", variables: { f: null } }));
      form.append("map", JSON.stringify({ 0: ["variables.f"] }));
      form.append("0", new Blob([new Uint8Array(mp3)], { type: "text/plain" }), "x.txt");
      const r = await fetch(`${base}/graphql`, { method: "POST", body: form, headers: { authorization: `Bearer ${key}` } });
      return (await r.json()) as any;
    };
    const refused = await send(checkKey);
    expect(refused.errors[0].extensions.code).toBe("FORBIDDEN");
    const ok = await send(ingestKey);
    expect(ok.errors).toBeUndefined();
    expect(ok.data.submitTrack).toMatchObject({ sha256: expect.stringMatching(/^[0-9a-f]{64}$/), id: expect.any(String) });
    const job = await graphql("query($id: ID!) { job(id: $id) { sha256 } }", { id: ok.data.submitTrack.id });
    expect(job.body.data.job.sha256).toBe(ok.data.submitTrack.sha256);
  });

  it("GraphQL: signs an artist in with SIWE once; the replay and a foreign domain are refused", async () => {
    const { body } = await graphql("mutation { siweNonce { nonce domain chainId } }");
    const { nonce, domain, chainId } = body.data.siweNonce;
    const message = new SiweMessage({ domain, address: artist.address, uri: `https://${domain}`, version: "1", chainId, nonce }).prepareMessage();
    const signature = await artist.signMessage({ message });
    const signIn = "mutation($m: String!, $s: String!) { signInWithEthereum(message: $m, signature: $s) { token address } }";
    const first = await graphql(signIn, { m: message, s: signature });
    expect(first.body.data.signInWithEthereum.address).toBe(artist.address.toLowerCase());
    const token = first.body.data.signInWithEthereum.token as string;
    expect((await graphql("{ me { kind address } }", undefined, token)).body.data.me).toEqual({ kind: "SESSION", address: artist.address.toLowerCase() });

    const replay = await graphql(signIn, { m: message, s: signature });
    expect(replay.body.errors?.[0]?.extensions?.code).toBe("SIWE_REJECTED");
    expect(replay.body.errors?.[0]?.message).toMatch(/already used/);

    const { body: b2 } = await graphql("mutation { siweNonce { nonce } }");
    const foreign = new SiweMessage({ domain: "evil.example", address: artist.address, uri: "https://evil.example", version: "1", chainId, nonce: b2.data.siweNonce.nonce }).prepareMessage();
    const refused = await graphql(signIn, { m: foreign, s: await artist.signMessage({ message: foreign }) });
    expect(refused.body.errors?.[0]?.message).toMatch(/evil\.example/);

    // An artist session is not an API key: it cannot ingest.
    const submit = await upload("/v1/tracks", new Uint8Array([1]), "a.wav", "audio/wav", token);
    expect(submit.status).toBe(403);
  });
});
