import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateWatermarkKey } from "../../../generator/audio/src/watermark/index.js";
import { ConfigError, loadConfig, loadWatermarkKeys, WatermarkKeyFileError } from "./index.js";

describe("loadConfig", () => {
  it("fills the documented defaults", () => {
    const config = loadConfig({}, "/srv/app");
    expect(config).toEqual({
      port: 4000,
      host: "127.0.0.1",
      generatorPort: 4001,
      chainPort: 8545,
      privateKey: undefined,
      dataDir: "/srv/app/.soundmark",
      paths: {
        database: "/srv/app/.soundmark/db",
        index: "/srv/app/.soundmark/index",
        uploads: "/srv/app/.soundmark/uploads",
        deployments: "/srv/app/.soundmark/deployments",
      },
      rpcUrl: undefined,
      keystorePath: undefined,
      keystorePasswordFile: undefined,
      kuboApiUrl: undefined,
      databaseUrl: undefined,
      limits: { maxUploadBytes: 209_715_200, maxDurationSeconds: 1200 },
      watermarkKeyFiles: [],
      chain: { confirmations: 1, batchThreshold: 16 },
      ingest: { concurrency: 1, maxAttempts: 5 },
      rateLimits: { authenticatedPerMinute: 600, anonymousPerMinute: 120 },
    });
  });

  it("reads the stack's variables: host, generator and chain ports, signing key, rate limits", () => {
    const key = `0x${"ab".repeat(32)}`;
    const config = loadConfig(
      { PORT: "5000", HOST: "0.0.0.0", CHAIN_PORT: "9545", PRIVATE_KEY: key, RATE_LIMIT_PER_MINUTE: "6000", RATE_LIMIT_ANONYMOUS_PER_MINUTE: "30" },
      "/x",
    );
    expect(config).toMatchObject({ port: 5000, host: "0.0.0.0", generatorPort: 5001, chainPort: 9545, privateKey: key });
    expect(config.rateLimits).toEqual({ authenticatedPerMinute: 6000, anonymousPerMinute: 30 });
    expect(loadConfig({ GENERATOR_PORT: "4100" }, "/x").generatorPort).toBe(4100);
  });

  it("never echoes a malformed PRIVATE_KEY", () => {
    const secret = `0x${"cd".repeat(31)}`;
    let message = "";
    try {
      loadConfig({ PRIVATE_KEY: secret }, "/x");
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as Error).message;
    }
    expect(message).toContain("PRIVATE_KEY");
    expect(message).not.toContain(secret);
  });

  it("reads every variable", () => {
    const config = loadConfig(
      {
        PORT: "8080",
        SOUNDMARK_DATA: "/var/lib/soundmark",
        RPC_URL: "https://rpc.example.org",
        SOUNDMARK_KEYSTORE: "keys/signer.json",
        KUBO_API_URL: "http://127.0.0.1:5001",
        DATABASE_URL: "postgres://u:p@db:5432/soundmark",
        MAX_UPLOAD_BYTES: "1048576",
        MAX_DURATION_SECONDS: "600",
        SOUNDMARK_WATERMARK_KEYS: ["a.json", "/etc/soundmark/b.json"].join(delimiter),
        CONFIRMATIONS: "3",
        BATCH_THRESHOLD: "50",
        INGEST_CONCURRENCY: "2",
        INGEST_MAX_ATTEMPTS: "8",
      },
      "/srv/app",
    );
    expect(config.port).toBe(8080);
    expect(config.paths.database).toBe("/var/lib/soundmark/db");
    expect(config.rpcUrl).toBe("https://rpc.example.org");
    expect(config.keystorePath).toBe("/srv/app/keys/signer.json");
    expect(config.kuboApiUrl).toBe("http://127.0.0.1:5001");
    expect(config.databaseUrl).toBe("postgres://u:p@db:5432/soundmark");
    expect(config.limits).toEqual({ maxUploadBytes: 1_048_576, maxDurationSeconds: 600 });
    expect(config.watermarkKeyFiles).toEqual(["/srv/app/a.json", "/etc/soundmark/b.json"]);
    expect(config.chain).toEqual({ confirmations: 3, batchThreshold: 50 });
    expect(config.ingest).toEqual({ concurrency: 2, maxAttempts: 8 });
  });

  it("treats blank values as unset", () => {
    expect(loadConfig({ PORT: "  ", DATABASE_URL: "" }, "/x").port).toBe(4000);
  });

  it.each([
    ["PORT", "0"],
    ["PORT", "65536"],
    ["PORT", "80a"],
    ["PORT", "-1"],
    ["PORT", "4000.5"],
    ["MAX_UPLOAD_BYTES", "200MiB"],
    ["MAX_UPLOAD_BYTES", "0"],
    ["MAX_DURATION_SECONDS", "1e3"],
    ["CONFIRMATIONS", "1001"],
    ["RPC_URL", "localhost:8545"],
    ["RPC_URL", "ftp://x"],
    ["KUBO_API_URL", "/ip4/127.0.0.1/tcp/5001"],
    ["DATABASE_URL", "mysql://u:p@h/d"],
  ])("refuses %s=%s with an error that names the variable", (name, value) => {
    let error: unknown;
    try {
      loadConfig({ [name]: value }, "/x");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(name);
    expect((error as Error).message).toContain(name);
    expect((error as Error).message).toMatch(/expected/);
  });

  it("does not echo a database password in its error", () => {
    expect(() => loadConfig({ DATABASE_URL: "mysql://admin:hunter2@h/d" }, "/x")).toThrow(/admin:\*\*\*@/);
    expect(() => loadConfig({ DATABASE_URL: "mysql://admin:hunter2@h/d" }, "/x")).not.toThrow(/hunter2/);
  });
});

describe("loadWatermarkKeys", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "soundmark-keys-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("reads key files and refuses missing, malformed and repeated ones", async () => {
    const a = generateWatermarkKey();
    const b = generateWatermarkKey();
    await writeFile(join(dir, "a.json"), JSON.stringify(a));
    await writeFile(join(dir, "b.json"), JSON.stringify(b));
    await writeFile(join(dir, "bad.json"), JSON.stringify({ secret: "12" }));
    expect(await loadWatermarkKeys([join(dir, "a.json"), join(dir, "b.json")])).toEqual([a, b]);
    await expect(loadWatermarkKeys([join(dir, "missing.json")])).rejects.toThrow(/ENOENT/);
    await expect(loadWatermarkKeys([join(dir, "bad.json")])).rejects.toThrow(WatermarkKeyFileError);
    await expect(loadWatermarkKeys([join(dir, "a.json"), join(dir, "a.json")])).rejects.toThrow(/repeats key/);
  });
});
