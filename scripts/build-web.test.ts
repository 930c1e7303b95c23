import { cp, mkdtemp, readdir, readFile, rm, utimes } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureWebBuild, WEB_ROOT, webBuildIsStale } from "./build-web.js";

/** The page's sources copied to a temp folder, so the test builds and touches files without racing `npm start`. */
describe("build-web", () => {
  let root: string;
  let outDir: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "soundmark-build-web-"));
    await cp(WEB_ROOT, root, { recursive: true, filter: (source) => !source.startsWith(join(WEB_ROOT, "dist")) });
    outDir = join(root, "dist");
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("builds a missing dist: index.html naming its hashed script and stylesheet, nothing fetched from another origin", async () => {
    expect(await webBuildIsStale({ root, outDir })).toBe(true);
    expect(await ensureWebBuild({ root, outDir })).toBe(true);
    const html = await readFile(join(outDir, "index.html"), "utf8");
    const script = /<script type="module" crossorigin src="\/assets\/(index-[\w-]+\.js)">/.exec(html)?.[1];
    const style = /<link rel="stylesheet" crossorigin href="\/assets\/(index-[\w-]+\.css)">/.exec(html)?.[1];
    expect(script).toBeDefined();
    expect(style).toBeDefined();
    const assets = await readdir(join(outDir, "assets"));
    expect(assets).toEqual(expect.arrayContaining([script, style]));
    const js = await readFile(join(outDir, "assets", script!), "utf8");
    for (const text of [html, js]) expect(text).not.toMatch(/(?:src|href)=["']?(?:https?:)?\/\//);
    expect(js).not.toMatch(/fetch\(\s*["'`]https?:/);
    expect(js).toContain("/v1/check");
  });

  it("leaves a fresh dist alone and rebuilds once a source is newer than it", async () => {
    expect(await webBuildIsStale({ root, outDir })).toBe(false);
    expect(await ensureWebBuild({ root, outDir })).toBe(false);
    // As if the dist were built a minute before the last edit of a source.
    const earlier = new Date(Date.now() - 60_000);
    await utimes(join(outDir, "index.html"), earlier, earlier);
    expect(await webBuildIsStale({ root, outDir })).toBe(true);
    const lines: string[] = [];
    expect(await ensureWebBuild({ root, outDir, log: (line) => lines.push(line) })).toBe(true);
    expect(lines).toEqual(["building the web page (server/web -> server/web/dist)"]);
    expect(await webBuildIsStale({ root, outDir })).toBe(false);
  });
});
