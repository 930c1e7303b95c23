import { SiweMessage } from "siwe";
import type { Sql } from "../../store/index.js";
import { SiweError, type SiweFailure } from "../errors.js";
import { hashSecretToken, newSecretToken } from "../secret-token.js";
import { DEFAULT_SESSION_TTL_SECONDS, SESSION_TOKEN_PREFIX, type SiweConfig } from "./siwe-config.js";

export interface SignInWithEthereumParameters {
  /** The EIP-4361 message exactly as the wallet signed it. */
  message: string;
  /** The EIP-191 signature of `message` (0x, 65 bytes). */
  signature: string;
}

export interface SiweSession {
  /** The bearer token (`siwe_...`): shown once, stored as its SHA-256 only. */
  token: string;
  /** The signer, lowercase. */
  address: `0x${string}`;
  chainId: number;
  expiresAt: string;
}

/** Messages longer than this are refused before parsing (the ABNF parser is not linear on hostile input). */
const MAX_MESSAGE_LENGTH = 4096;

/**
 * Signs an artist in: parses the EIP-4361 message, checks that it names this server's domain and chain, verifies the
 * signature (siwe v3 with ethers) and the message's validity window at `now`, then consumes its nonce — deleted in the
 * statement that checks it, so the same signed message never signs in twice — and issues a session token.
 * Throws SiweError with the reason.
 *
 * @example
 * const { nonce } = await createSiweNonce(store, config);
 * const message = new SiweMessage({ domain, address, uri, version: "1", chainId, nonce }).prepareMessage();
 * const session = await signInWithEthereum(store, config, { message, signature: await wallet.signMessage({ message }) });
 */
export async function signInWithEthereum(
  sql: Sql,
  config: SiweConfig,
  { message, signature }: SignInWithEthereumParameters,
  now: Date = new Date(),
): Promise<SiweSession> {
  if (message.length > MAX_MESSAGE_LENGTH) throw new SiweError("malformed-message", `the message is over ${MAX_MESSAGE_LENGTH} characters`);
  let parsed: SiweMessage;
  try {
    parsed = new SiweMessage(message);
  } catch (error) {
    throw new SiweError("malformed-message", "the message is not an EIP-4361 message", { cause: error });
  }
  if (parsed.domain !== config.domain) {
    throw new SiweError("wrong-domain", `the message is for "${parsed.domain}", this server is "${config.domain}"`);
  }
  if (parsed.chainId !== config.chainId) {
    throw new SiweError("wrong-chain", `the message is for chain ${parsed.chainId}, this server is on chain ${config.chainId}`);
  }
  // An externally owned account's signature is 65 bytes; anything else is refused here rather than handed to ethers.
  // (Contract wallets, EIP-1271, would need a chain provider in the verification: not supported.)
  if (!/^0x[0-9a-fA-F]{130}$/.test(signature)) {
    throw new SiweError("bad-signature", "the signature is not 65 bytes of hex (0x...)");
  }
  let verified: Awaited<ReturnType<SiweMessage["verify"]>>;
  try {
    verified = await parsed.verify(
      { signature, domain: config.domain, nonce: parsed.nonce, time: now.toISOString() },
      { suppressExceptions: true },
    );
  } catch (error) {
    throw new SiweError("bad-signature", "the signature could not be checked", { cause: error });
  }
  if (!verified.success) {
    const type = verified.error?.type ?? "";
    const reason: SiweFailure = /expired/i.test(type)
      ? "expired-message"
      : /not valid yet/i.test(type)
        ? "not-yet-valid"
        : /domain/i.test(type)
          ? "wrong-domain"
          : "bad-signature";
    throw new SiweError(reason, type || "the signature does not match the message's address");
  }

  // Consumed only after the signature checks out: a stranger who saw the nonce cannot burn it with a bad signature.
  const [nonce] = await sql.query<{ expires_at: Date | string }>(`DELETE FROM siwe_nonces WHERE nonce = $1 RETURNING expires_at`, [
    parsed.nonce,
  ]);
  if (!nonce) {
    throw new SiweError("unknown-nonce", "the nonce was not issued by this server or was already used", {
      details: "Ask for a new nonce (GET /v1/auth/nonce) and sign a new message",
    });
  }
  if (new Date(nonce.expires_at).getTime() <= now.getTime()) {
    throw new SiweError("expired-nonce", "the nonce expired before the message was presented");
  }

  const ttlEnd = now.getTime() + (config.sessionTtlSeconds ?? DEFAULT_SESSION_TTL_SECONDS) * 1000;
  const messageEnd = parsed.expirationTime ? new Date(parsed.expirationTime).getTime() : Infinity;
  const expiresAt = new Date(Math.min(ttlEnd, messageEnd));
  const token = newSecretToken(SESSION_TOKEN_PREFIX);
  const address = parsed.address.toLowerCase() as `0x${string}`;
  await sql.query(
    `INSERT INTO siwe_sessions (token_sha256, address, chain_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
    [hashSecretToken(token), address, parsed.chainId, now, expiresAt],
  );
  return { token, address, chainId: parsed.chainId, expiresAt: expiresAt.toISOString() };
}
