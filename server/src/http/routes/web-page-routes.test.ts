import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { webPageRoutes } from "./web-page-routes.js";

/** The routes in an app whose last handler answers a JSON 404, as the server's does. */
async function serve(dir: string): Promise<{ base: string; server: Server }> {
  const app = express();
  app.use(webPageRoutes({ dir }));
  app.use((req, res) => void res.status(404).json({ error: { code: "NOT_FOUND", message: `Not found: ${req.method} ${req.path}` } }));
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe("webPageRoutes", () => {
  let root: string;
  let built: { base: string; server: Server };
  let missing: { base: string; server: Server };

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "soundmark-web-"));
    const dist = join(root, "dist");
    await mkdir(join(dist, "assets"), { recursive: true });
    await writeFile(join(dist, "index.html"), "<!doctype html><title>page</title>");
    await writeFile(join(dist, "assets", "index-abc123.js"), "console.log(1)");
    await writeFile(join(dist, "assets", "index-abc123.css"), "body{}");
    await writeFile(join(dist, ".secret"), "hidden");
    await writeFile(join(root, "outside.txt"), "outside the dist");
    built = await serve(dist);
    missing = await serve(join(root, "not-built"));
  });

  afterAll(async () => {
    built?.server.close();
    missing?.server.close();
    await rm(root, { recursive: true, force: true });
  });

  it("serves index.html at / as HTML, revalidated on every load, with a same-origin-only CSP", async () => {
    const response = await fetch(`${built.base}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    expect(response.headers.get("cache-control")).toBe("no-cache");
    expect(response.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(response.headers.get("content-security-policy")).toContain("connect-src 'self'");
    expect(await response.text()).toBe("<!doctype html><title>page</title>");
  });

  it("serves hashed assets with their types and a year of immutable caching", async () => {
    const js = await fetch(`${built.base}/assets/index-abc123.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toMatch(/^(text|application)\/javascript/);
    expect(js.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(js.headers.get("x-content-type-options")).toBe("nosniff");
    const css = await fetch(`${built.base}/assets/index-abc123.css`);
    expect(css.headers.get("content-type")).toMatch(/^text\/css/);
  });

  it("answers HEAD like GET, without a body", async () => {
    const response = await fetch(`${built.base}/`, { method: "HEAD" });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("");
  });

  it("passes unknown files, dotfiles, other methods and paths outside the dist on to the next handler", async () => {
    for (const path of ["/assets/nope.js", "/.secret", "/assets/../outside.txt", "/assets/%2e%2e/%2e%2e/outside.txt", "/outside.txt", "/v1/anything"]) {
      const response = await fetch(`${built.base}${path}`);
      expect(response.status, path).toBe(404);
      expect(((await response.json()) as { error: { code: string } }).error.code, path).toBe("NOT_FOUND");
    }
    const post = await fetch(`${built.base}/`, { method: "POST", body: "x" });
    expect(post.status).toBe(404);
  });

  it("answers 503 with a page naming the build command when the dist is missing", async () => {
    const response = await fetch(`${missing.base}/`);
    expect(response.status).toBe(503);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.text()).toContain("npm run build:web");
    expect((await fetch(`${missing.base}/assets/index-abc123.js`)).status).toBe(503);
    expect((await fetch(`${missing.base}/healthz`)).status).toBe(404);
  });
});
