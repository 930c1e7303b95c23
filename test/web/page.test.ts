import { createHash } from "node:crypto";
import { mkdir, rm } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import type { Hex } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeWav } from "../../generator/audio/src/encode/wav-writer.js";
import { excerpt, syntheticMusic } from "../../generator/audio/src/testing/synthetic-music.js";
import { embedWatermark } from "../../generator/audio/src/watermark/index.js";
import { ensureWebBuild } from "../../scripts/build-web.js";
import { encodeMp3 } from "../../generator/audio/src/encode/mp3-writer.js";
import type { RunningServer } from "../../server/src/server.js";
import { apiClient, createServerFolder, startChainNode, startTestServer, type ChainNode, type ServerFolder } from "../e2e/testing/e2e-stack.js";
import { registerStyleAndLicence, type ArtistStyle } from "../e2e/testing/artist-story.js";
import { ensureChromium } from "./testing/chromium.js";

const ARTIFACTS = fileURLToPath(new URL("./artifacts/", import.meta.url));
// The payload and song of test/e2e/provenance-story.test.ts: on these sparse synthetic songs the mark's margin after
// 16-bit quantisation depends on the payload, and this pair is known to be detected in the s16 WAV.
const PAYLOAD = Uint8Array.from([0x53, 0x4d, 0x65, 0x32, 0x65, 0x00, 0x00, 0x07]);
const TRACK_SECONDS = 20;
const EXCERPT_START = 5;
const EXCERPT_SECONDS = 10;

/**
 * The page in a real (headless, Debian) Chromium against the real stack: EDR chain over JSON-RPC, the server with
 * Helia and PGlite on disk, serving the page Vite built. An artist registers a style and licences the server; a
 * watermarked generated track is registered; then a user drops files on the page and looks the artist up.
 */
describe("the web page, end to end in Chromium", () => {
  let chain: ChainNode;
  let folder: ServerFolder;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let style: ArtistStyle;
  let trackPcm: ReturnType<typeof syntheticMusic>;
  let trackSha: string;
  let registered: any;
  let blockNumber: string;
  const requests: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const executablePath = ensureChromium((line) => console.log(line));
    await ensureWebBuild({ log: (line) => console.log(line) });
    await mkdir(ARTIFACTS, { recursive: true });
    chain = await startChainNode();
    folder = await createServerFolder();
    server = await startTestServer(folder, chain, await chain.fundedKey());
    if (!server.firstApiKey) throw new Error("a fresh data folder must hand out a first API key");
    const api = apiClient(server.url, server.firstApiKey);
    style = await registerStyleAndLicence(api, server, chain, await chain.fundedKey());

    trackPcm = embedWatermark(syntheticMusic({ seed: 31, durationSeconds: TRACK_SECONDS, sampleRate: 16_000 }), folder.watermarkKey!, PAYLOAD).pcm;
    const wav = encodeWav(trackPcm, "s16");
    trackSha = createHash("sha256").update(wav).digest("hex");
    const generator = { styleId: Number(style.styleId), licenceId: Number(style.licenceId), modelHash: "ab".repeat(32), seed: 31 };
    const accepted = await api.upload("/v1/tracks", wav, "generated.wav", { generator: JSON.stringify(generator) });
    if (accepted.status !== 202) throw new Error(`POST /v1/tracks answered ${accepted.status} ${JSON.stringify(accepted.body)}`);
    registered = await api.waitForTrack(trackSha, (t) => t.status === "registered" || t.status === "failed");
    if (registered.status !== "registered") throw new Error(`the track did not register: ${JSON.stringify(registered)}`);
    // The page reads styles from the indexer: wait until it has the track's block.
    const until = Date.now() + 20_000;
    while (Date.now() < until) {
      const data = await api.graphql("query($s: String!) { provenance(sha256: $s) { blockNumber } }", { s: trackSha });
      blockNumber = data.provenance?.blockNumber;
      if (blockNumber) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }

    browser = await chromium.launch({ executablePath, args: ["--autoplay-policy=no-user-gesture-required"] });
    page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    page.on("request", (request) => requests.push(request.url()));
    page.on("pageerror", (error) => pageErrors.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") pageErrors.push(message.text());
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await chain?.close();
    if (folder) await rm(folder.dataDir, { recursive: true, force: true });
  });

  /** Hands a file to the page's file input, as a user choosing it does. */
  async function choose(name: string, mimeType: string, bytes: Uint8Array) {
    await page.setInputFiles("#file-input", { name, mimeType, buffer: Buffer.from(bytes) });
  }

  async function statusAfterCheck(): Promise<{ state: string | null; text: string }> {
    await page.waitForFunction(() => {
      const state = document.querySelector("#check-status")?.getAttribute("data-state");
      return state === "done" || state === "error";
    });
    return page.$eval("#check-status", (e) => ({ state: e.getAttribute("data-state"), text: e.textContent ?? "" }));
  }

  it("serves the page from the server, and the page loads nothing from elsewhere", async () => {
    const response = await page.goto(server.url);
    expect(response?.status()).toBe(200);
    expect(await page.title()).toContain("Soundmark");
    await expect(page.isVisible("#drop-zone")).resolves.toBe(true);
    expect(requests.length).toBeGreaterThanOrEqual(3);
    expect(requests.filter((url) => !url.startsWith(server.url))).toEqual([]);
  });

  it("checks the registered file itself: AI-generated, its watermark with the payload and false-positive probability", async () => {
    await page.fill("#api-key", server.firstApiKey!);
    await choose("generated.wav", "audio/wav", encodeWav(trackPcm, "s16"));
    expect(await statusAfterCheck()).toEqual({ state: "done", text: "Checked generated.wav." });
    await page.screenshot({ path: `${ARTIFACTS}/check-registered-file.png`, fullPage: true });
    expect(await page.getAttribute("#verdict", "data-verdict")).toBe("yes");
    expect(await page.getAttribute(".watermark", "data-detected")).toBe("true");
    expect(await page.textContent(".watermark")).toContain(Buffer.from(PAYLOAD).toString("hex"));
    expect(await page.textContent(".watermark")).toContain(folder.watermarkKey!.keyId);
    const fpp = Number(await page.textContent(".watermark .fpp"));
    expect(fpp).toBeGreaterThanOrEqual(0);
    expect(fpp).toBeLessThan(1e-6);
  });

  it("checks a 128 kbps MP3 excerpt: AI-generated, the match on the track with its on-chain record, and the style's terms", async () => {
    const mp3 = encodeMp3(excerpt(trackPcm, EXCERPT_START, EXCERPT_SECONDS), 128);
    await choose("clip.mp3", "audio/mpeg", mp3);
    const status = await statusAfterCheck();
    expect(status).toEqual({ state: "done", text: "Checked clip.mp3." });
    await page.screenshot({ path: `${ARTIFACTS}/check-mp3-excerpt.png`, fullPage: true });

    expect(await page.getAttribute("#verdict", "data-verdict")).toBe("yes");
    expect(await page.textContent("#verdict")).toBe("AI-generated");
    expect(await page.textContent(".reasons")).toContain(trackSha);

    const match = page.locator(`.match[data-sha256="${trackSha}"]`);
    await expect(match.count()).resolves.toBe(1);
    expect(await match.locator(".tx").textContent()).toBe(registered.transactionHash);
    expect(await match.locator(".block").textContent()).toBe(blockNumber);
    const cidLinks = await match.locator("a.cid").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
    expect(cidLinks).toEqual([`/ipfs/${registered.manifestCid}?format=raw`, `/ipfs/${registered.cid}?format=raw`]);

    await page.waitForSelector(`#style-terms .style[data-style-id="${style.styleId}"]`);
    const terms = await page.textContent("#style-terms");
    expect(terms).toContain("Royalty5%");
    expect(terms).toContain(style.artist.slice(0, 10).toLowerCase());
  });

  it("draws the excerpt's waveform from the browser's decode, and the match's lane marks where the excerpt lies in the track", async () => {
    const drawn = await page.$eval("#waveform", (canvas) => {
      const c = canvas as HTMLCanvasElement;
      const pixels = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
      let inked = 0;
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i]! > 0) inked++;
      return { inked, total: c.width * c.height };
    });
    expect(drawn.inked).toBeGreaterThan(drawn.total * 0.05);
    expect(await page.isVisible("#check-result .note")).toBe(false);

    // The lane is the whole track; the excerpt is [5 s, 15 s] of 20 s, so it is marked over 25%..75% of its width.
    const alpha = await page.$eval(".match canvas.lane", (canvas) => {
      const c = canvas as HTMLCanvasElement;
      const g = c.getContext("2d")!;
      const at = (fraction: number) => g.getImageData(Math.round(fraction * c.width), 0, 1, 1).data[3]!;
      return { before: at(0.15), start: at(0.3), middle: at(0.5), end: at(0.7), after: at(0.85) };
    });
    expect(alpha.before).toBe(0);
    expect(alpha.after).toBe(0);
    expect(Math.min(alpha.start, alpha.middle, alpha.end)).toBeGreaterThan(128);
  });

  it("opens the file chooser from the keyboard (Enter on the focused drop zone)", async () => {
    const chooser = page.waitForEvent("filechooser", { timeout: 10_000 });
    await page.press("#drop-zone", "Enter");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("drop-zone");
    expect((await chooser).isMultiple()).toBe(false);
  });

  it("remembers the API key across a reload", async () => {
    await page.reload();
    expect(await page.inputValue("#api-key")).toBe(server.firstApiKey);
  });

  it("takes a dropped file: unrelated audio with no watermark is judged not AI-generated", async () => {
    const other = encodeWav(syntheticMusic({ seed: 977, durationSeconds: 8, sampleRate: 16_000 }), "s16");
    await page.evaluate(
      ({ base64 }) => {
        const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        const transfer = new DataTransfer();
        transfer.items.add(new File([bytes], "unrelated.wav", { type: "audio/wav" }));
        document.querySelector("#drop-zone")!.dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
      },
      { base64: Buffer.from(other).toString("base64") },
    );
    expect(await statusAfterCheck()).toEqual({ state: "done", text: "Checked unrelated.wav." });
    expect(await page.getAttribute("#verdict", "data-verdict")).toBe("no");
    expect(await page.textContent(".watermark")).toContain("none of this server's keys detected one");
    await expect(page.locator(".match").count()).resolves.toBe(0);
  });

  it("says why when the server refuses: a wrong API key (401), a file that is not audio (415)", async () => {
    await page.fill("#api-key", "sm_not-a-real-key");
    await choose("clip.wav", "audio/wav", encodeWav(excerpt(trackPcm, 0, 4), "s16"));
    const refused = await statusAfterCheck();
    expect(refused.state).toBe("error");
    expect(refused.text).toMatch(/^Refused \([A-Z_]+\): .+An API key with the "check" scope is needed\.$/);
    expect(await page.isHidden("#check-result")).toBe(true);

    await page.fill("#api-key", server.firstApiKey!);
    await choose("notes.txt", "text/plain", new TextEncoder().encode("not audio at all\n".repeat(100)));
    const unsupported = await statusAfterCheck();
    expect(unsupported.state).toBe("error");
    expect(unsupported.text).toMatch(/^UNSUPPORTED_MEDIA_TYPE: /);
    await page.screenshot({ path: `${ARTIFACTS}/check-refused.png`, fullPage: true });
  });

  it("looks an artist up by address: their style with its terms, the licence they granted and the track made under it", async () => {
    await page.fill("#artist-address", "0x1234");
    await page.click("#artist-form button");
    await page.waitForSelector('#artist-status[data-state="error"]', { state: "attached" });
    expect(await page.textContent("#artist-status")).toContain("is not an Ethereum address");

    await page.fill("#artist-address", style.artist);
    await page.click("#artist-form button");
    await page.waitForSelector('#artist-status[data-state="done"]', { state: "attached" });
    expect(await page.textContent("#artist-summary")).toContain("1 style among the 1 registered");
    const card = page.locator(`#artist-result .style[data-style-id="${style.styleId}"]`);
    await expect(card.count()).resolves.toBe(1);
    await expect(card.locator(`tr[data-licence-id="${style.licenceId}"]`).count()).resolves.toBe(1);
    expect(await card.locator(`tr[data-licence-id="${style.licenceId}"]`).textContent()).toContain("signed grant");
    await expect(card.locator(`li[data-sha256="${trackSha}"]`).count()).resolves.toBe(1);
    await page.screenshot({ path: `${ARTIFACTS}/artist.png`, fullPage: true });

    await page.fill("#artist-address", `0x${"0".repeat(39)}1`);
    await page.click("#artist-form button");
    await page.waitForSelector('#artist-status[data-state="done"]', { state: "attached" });
    expect(await page.textContent("#artist-summary")).toContain("0 styles among the 1 registered");
  });

  it("raised no script error in the page", () => {
    // A failed request logs a console error in Chromium: the refusals of the test above are expected ones.
    expect(pageErrors.filter((e) => !/status of (401|415)/.test(e))).toEqual([]);
  });
});
