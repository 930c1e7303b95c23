import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyApiKey } from "../../../../server/src/auth/api-key/index.js";
import { openStore } from "../../../../server/src/store/index.js";
import { runCli } from "../testing/run-cli.js";

describe("soundmark apikey", () => {
  let data: string;
  beforeAll(async () => {
    data = await mkdtemp(path.join(tmpdir(), "cli-apikey-"));
  });
  afterAll(async () => {
    await rm(data, { recursive: true, force: true });
  });

  it("creates a key in the data folder's database, lists it without the key, and revokes it", async () => {
    const created = await runCli("apikey", "create", "--scope", "ingest,check", "--label", "radio", "--data", data);
    expect(created.code).toBe(0);
    const key = created.stdout.trim();
    expect(key).toMatch(/^sm_[A-Za-z0-9_-]{43}$/);
    expect(created.stderr).toMatch(/created key_[0-9a-f]{12} with scopes ingest,check; the key above is shown only now/);

    const listed = await runCli("apikey", "list", "--data", data, "--json");
    expect(listed.code).toBe(0);
    const keys = JSON.parse(listed.stdout) as { id: string; scopes: string[]; revokedAt: string | null; label: string }[];
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ scopes: ["ingest", "check"], revokedAt: null, label: "radio" });
    expect(listed.stdout).not.toContain(key.slice(3));

    // The server, opening the same database, accepts the key.
    const store = await openStore({ dataDir: path.join(data, "db") });
    try {
      await expect(verifyApiKey(store, { key, scope: "ingest" })).resolves.toMatchObject({ id: keys[0]!.id });
    } finally {
      await store.close();
    }

    const revoked = await runCli("apikey", "revoke", keys[0]!.id, "--data", data);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toMatch(new RegExp(`^revoked ${keys[0]!.id} at \\d{4}-`));
    const table = await runCli("apikey", "list", "--data", data);
    expect(table.stdout).toMatch(/revoked \d{4}-/);
  });

  it("exits 1 with a clear message for an unknown scope or key id, 2 for a missing --scope", async () => {
    const scope = await runCli("apikey", "create", "--scope", "ingest,superuser", "--data", data);
    expect(scope.code).toBe(1);
    expect(scope.stderr).toMatch(/Unknown API key scope "superuser"/);
    const missing = await runCli("apikey", "revoke", "key_000000000000", "--data", data);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/No API key has the id "key_000000000000"/);
    expect((await runCli("apikey", "create", "--data", data)).code).toBe(2);
    expect((await runCli("apikey", "revoke", "--data", data)).code).toBe(2);
  });
});
