import { SiweMessage } from "siwe";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { expect, it } from "vitest";
import { describeStores } from "../../store/testing/test-stores.js";
import { authenticate } from "../authenticate.js";
import { InvalidSessionError, SiweError } from "../errors.js";
import { createSiweNonce, revokeSession, signInWithEthereum, verifySession, type SiweConfig } from "./index.js";

const config: SiweConfig = { domain: "soundmark.test:4000", chainId: 31337, nonceTtlSeconds: 600, sessionTtlSeconds: 3600 };
const artist = privateKeyToAccount(generatePrivateKey());
const stranger = privateKeyToAccount(generatePrivateKey());

function messageFor(nonce: string, fields: Partial<SiweMessage> = {}): string {
  return new SiweMessage({
    domain: config.domain,
    address: artist.address,
    statement: "Sign in to Soundmark",
    uri: `http://${config.domain}`,
    version: "1",
    chainId: config.chainId,
    nonce,
    issuedAt: new Date().toISOString(),
    ...fields,
  }).prepareMessage();
}

async function expectRefused(promise: Promise<unknown>, reason: string) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SiweError);
  expect((error as SiweError).reason).toBe(reason);
}

describeStores("Sign-In with Ethereum", (getStore) => {
  it("signs an artist in once, with a session that authenticates as the artist's address", async () => {
    const store = getStore();
    const { nonce } = await createSiweNonce(store, config);
    expect(nonce).toMatch(/^[0-9a-f]{32}$/);
    const message = messageFor(nonce);
    const signature = await artist.signMessage({ message });
    const session = await signInWithEthereum(store, config, { message, signature });
    expect(session.address).toBe(artist.address.toLowerCase());
    expect(session.token).toMatch(/^siwe_/);
    await expect(verifySession(store, session.token)).resolves.toMatchObject({ address: session.address, chainId: 31337 });
    await expect(authenticate(store, `Bearer ${session.token}`)).resolves.toMatchObject({ kind: "session", address: session.address });
    const [row] = await store.query<{ n: string }>("SELECT count(*) AS n FROM siwe_sessions WHERE token_sha256 = $1", [session.token]);
    expect(row!.n).toBe("0"); // the token itself is never stored

    // The same signed message again: the nonce is spent.
    await expectRefused(signInWithEthereum(store, config, { message, signature }), "unknown-nonce");
  });

  it("refuses a nonce the server never issued", async () => {
    const message = messageFor("deadbeefdeadbeef");
    await expectRefused(signInWithEthereum(getStore(), config, { message, signature: await artist.signMessage({ message }) }), "unknown-nonce");
  });

  it("refuses a wrong signature without spending the nonce", async () => {
    const store = getStore();
    const { nonce } = await createSiweNonce(store, config);
    const message = messageFor(nonce);
    await expectRefused(signInWithEthereum(store, config, { message, signature: await stranger.signMessage({ message }) }), "bad-signature");
    await expectRefused(signInWithEthereum(store, config, { message, signature: "0x1234" }), "bad-signature");
    await expectRefused(signInWithEthereum(store, config, { message, signature: "not hex at all" }), "bad-signature");
    // The artist can still use the nonce.
    await expect(signInWithEthereum(store, config, { message, signature: await artist.signMessage({ message }) })).resolves.toMatchObject({
      address: artist.address.toLowerCase(),
    });
  });

  it("refuses a message for another domain or another chain", async () => {
    const store = getStore();
    const { nonce } = await createSiweNonce(store, config);
    const otherDomain = messageFor(nonce, { domain: "evil.example", uri: "https://evil.example" });
    await expectRefused(signInWithEthereum(store, config, { message: otherDomain, signature: await artist.signMessage({ message: otherDomain }) }), "wrong-domain");
    const otherChain = messageFor(nonce, { chainId: 1 });
    await expectRefused(signInWithEthereum(store, config, { message: otherChain, signature: await artist.signMessage({ message: otherChain }) }), "wrong-chain");
  });

  it("refuses an expired nonce and an expired message", async () => {
    const store = getStore();
    const issued = new Date("2030-01-01T00:00:00Z");
    const { nonce } = await createSiweNonce(store, config, issued);
    const message = messageFor(nonce);
    const signature = await artist.signMessage({ message });
    const afterTtl = new Date(issued.getTime() + 601_000);
    await expectRefused(signInWithEthereum(store, config, { message, signature }, afterTtl), "expired-nonce");

    const { nonce: fresh } = await createSiweNonce(store, config);
    const expiring = messageFor(fresh, { expirationTime: new Date(Date.now() - 1000).toISOString() });
    await expectRefused(signInWithEthereum(store, config, { message: expiring, signature: await artist.signMessage({ message: expiring }) }), "expired-message");
  });

  it("refuses malformed and oversized messages", async () => {
    const store = getStore();
    await expectRefused(signInWithEthereum(store, config, { message: "hello", signature: "0x" }), "malformed-message");
    await expectRefused(signInWithEthereum(store, config, { message: "a".repeat(100_000), signature: "0x" }), "malformed-message");
  });

  it("bounds the session by the message's expirationTime, and ends it on sign-out", async () => {
    const store = getStore();
    const { nonce } = await createSiweNonce(store, config);
    const expirationTime = new Date(Date.now() + 60_000).toISOString();
    const message = messageFor(nonce, { expirationTime });
    const session = await signInWithEthereum(store, config, { message, signature: await artist.signMessage({ message }) });
    expect(session.expiresAt).toBe(expirationTime);
    await expect(verifySession(store, session.token, new Date(Date.now() + 120_000))).rejects.toThrow(InvalidSessionError);
    expect(await revokeSession(store, session.token)).toBe(true);
    await expect(verifySession(store, session.token)).rejects.toThrow(/signed out/);
    await expect(verifySession(store, "siwe_" + "A".repeat(43))).rejects.toThrow(/unknown token/);
  });
});
