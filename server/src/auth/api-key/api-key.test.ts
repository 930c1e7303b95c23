import { describe, expect, it } from "vitest";
import { describeStores } from "../../store/testing/test-stores.js";
import { authenticate } from "../authenticate.js";
import { ApiKeyNotFoundError, ForbiddenError, InvalidApiKeyError, MalformedCredentialsError, RevokedApiKeyError, UnknownScopeError } from "../errors.js";
import { hashSecretToken } from "../secret-token.js";
import { createApiKey, listApiKeys, revokeApiKey, verifyApiKey } from "./index.js";

describeStores("API keys", (getStore) => {
  it("creates a key shown once, stores only its SHA-256, and verifies it with its scopes", async () => {
    const store = getStore();
    const { key, apiKey } = await createApiKey(store, { scopes: ["ingest", "check", "ingest"], label: "platform" });
    expect(key).toMatch(/^sm_[A-Za-z0-9_-]{43}$/);
    expect(apiKey.scopes).toEqual(["ingest", "check"]);
    expect(apiKey.lastUsedAt).toBeNull();
    const rows = await store.query<Record<string, unknown>>("SELECT * FROM api_keys WHERE id = $1", [apiKey.id]);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.key_sha256).toBe(hashSecretToken(key));
    expect(JSON.stringify(rows)).not.toContain(key.slice(3));
    const verified = await verifyApiKey(store, { key, scope: "ingest" });
    expect(verified.id).toBe(apiKey.id);
    const [used] = await store.query<{ last_used_at: Date | null }>("SELECT last_used_at FROM api_keys WHERE id = $1", [apiKey.id]);
    expect(used!.last_used_at).toBeInstanceOf(Date);
  });

  it("records a key's use at most once a minute, without a write on every request", async () => {
    const store = getStore();
    const { key, apiKey } = await createApiKey(store, { scopes: ["check"] });
    const lastUsed = async () =>
      (await store.query<{ last_used_at: Date | null }>("SELECT last_used_at FROM api_keys WHERE id = $1", [apiKey.id]))[0]!.last_used_at;
    await verifyApiKey(store, { key });
    const marked = await lastUsed();
    const generation = store.writeGeneration;
    await verifyApiKey(store, { key });
    expect(await lastUsed()).toEqual(marked);
    expect(store.writeGeneration).toBe(generation); // null on Postgres, unchanged on PGlite: no statement was sent
    await store.query("UPDATE api_keys SET last_used_at = now() - interval '2 minutes' WHERE id = $1", [apiKey.id]);
    await verifyApiKey(store, { key });
    expect((await lastUsed())!.getTime()).toBeGreaterThan(marked!.getTime() - 1000);
  });

  it("refuses a key of another scope, and lets admin do everything", async () => {
    const store = getStore();
    const { key: checkKey } = await createApiKey(store, { scopes: ["check"] });
    await expect(verifyApiKey(store, { key: checkKey, scope: "ingest" })).rejects.toThrow(ForbiddenError);
    await expect(verifyApiKey(store, { key: checkKey, scope: "ingest" })).rejects.toThrow(/lacks the "ingest" scope/);
    const { key: adminKey } = await createApiKey(store, { scopes: ["admin"] });
    await expect(verifyApiKey(store, { key: adminKey, scope: "ingest" })).resolves.toMatchObject({ scopes: ["admin"] });
  });

  it("refuses a revoked key, keeps the first revocation time, and lists revoked keys", async () => {
    const store = getStore();
    const { key, apiKey } = await createApiKey(store, { scopes: ["ingest"] });
    const revoked = await revokeApiKey(store, apiKey.id);
    expect(revoked.revokedAt).not.toBeNull();
    expect((await revokeApiKey(store, apiKey.id)).revokedAt).toBe(revoked.revokedAt);
    await expect(verifyApiKey(store, { key })).rejects.toThrow(RevokedApiKeyError);
    const listed = (await listApiKeys(store)).find((k) => k.id === apiKey.id);
    expect(listed).toMatchObject({ id: apiKey.id, revokedAt: revoked.revokedAt, prefix: key.slice(3, 9) });
    await expect(revokeApiKey(store, "key_000000000000")).rejects.toThrow(ApiKeyNotFoundError);
  });

  it("refuses unknown, malformed and forged keys without a match", async () => {
    const store = getStore();
    const { key } = await createApiKey(store, { scopes: ["check"] });
    const flipped = key.slice(0, -1) + (key.endsWith("A") ? "B" : "A");
    await expect(verifyApiKey(store, { key: flipped })).rejects.toThrow(InvalidApiKeyError);
    for (const bad of ["", "sm_", "sm_short", `${key}x`, key.replace("sm_", "xx_"), "sm_' OR 1=1 --aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"]) {
      await expect(verifyApiKey(store, { key: bad })).rejects.toThrow(InvalidApiKeyError);
    }
  });

  it("refuses unknown scopes at creation", async () => {
    await expect(createApiKey(getStore(), { scopes: ["ingest", "root"] })).rejects.toThrow(UnknownScopeError);
    await expect(createApiKey(getStore(), { scopes: [] })).rejects.toThrow(UnknownScopeError);
  });

  it("authenticates an Authorization header: none is anonymous, a wrong one is an error", async () => {
    const store = getStore();
    const { key, apiKey } = await createApiKey(store, { scopes: ["check"] });
    await expect(authenticate(store, undefined)).resolves.toEqual({ kind: "anonymous" });
    await expect(authenticate(store, `Bearer ${key}`)).resolves.toEqual({ kind: "api-key", keyId: apiKey.id, scopes: ["check"] });
    await expect(authenticate(store, `bearer  ${key}`)).resolves.toMatchObject({ kind: "api-key" });
    await expect(authenticate(store, key)).rejects.toThrow(MalformedCredentialsError);
    await expect(authenticate(store, "Basic dXNlcjpwYXNz")).rejects.toThrow(MalformedCredentialsError);
    await expect(authenticate(store, "Bearer eyJhbGciOiJub25lIn0.e30.")).rejects.toThrow(MalformedCredentialsError);
  });
});

describe("API key secrets", () => {
  it("are 256-bit random: no two alike", async () => {
    const { newSecretToken } = await import("../secret-token.js");
    const tokens = new Set(Array.from({ length: 1000 }, () => newSecretToken("sm_")));
    expect(tokens.size).toBe(1000);
  });
});
