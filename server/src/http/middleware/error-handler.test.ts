import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NotFoundError } from "../errors.js";
import { errorHandler } from "./error-handler.js";

describe("errorHandler", () => {
  let server: Server;
  let base: string;
  const logged: string[] = [];
  const logger = { info: () => {}, warn: () => {}, error: (line: string) => void logged.push(line) } as unknown as Console;

  beforeAll(async () => {
    const app = express();
    app.get("/full", () => {
      // What fs.createWriteStream reports when the disk (or the quota) is full.
      throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
    });
    app.get("/quota", () => {
      throw Object.assign(new Error("EDQUOT: disk quota exceeded"), { code: "EDQUOT" });
    });
    app.get("/tracks/:sha", (req, res) => void res.json({ sha: req.params.sha }));
    app.get("/missing", () => {
      throw new NotFoundError("no such track");
    });
    app.get("/bug", () => {
      throw new TypeError("secret internals");
    });
    app.use(errorHandler(logger));
    server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it.each(["/full", "/quota"])("answers a full disk on %s with 507 INSUFFICIENT_STORAGE and Retry-After, not a 500", async (path) => {
    const response = await fetch(`${base}${path}`);
    expect(response.status).toBe(507);
    expect(response.headers.get("retry-after")).toBe("60");
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("INSUFFICIENT_STORAGE");
  });

  it("answers a broken percent-encoding in a route parameter with 400, not a 500", async () => {
    const response = await fetch(`${base}/tracks/%E0%A4%A`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("INVALID_INPUT");
  });

  it("keeps a BaseError's code and status, and hides anything else behind an opaque 500", async () => {
    const missing = await fetch(`${base}/missing`);
    expect(missing.status).toBe(404);
    const bug = await fetch(`${base}/bug`);
    expect(bug.status).toBe(500);
    const text = await bug.text();
    expect(text).not.toContain("secret internals");
    expect(logged.some((line) => line.includes("/bug"))).toBe(true);
  });
});
