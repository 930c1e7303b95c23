/** What a Sign-In with Ethereum message must say to sign in to this server. */
export interface SiweConfig {
  /** The RFC 4501 authority the message must name (the host and port clients reach the server at, e.g. "localhost:4000"). */
  domain: string;
  /** The chain the message must be bound to: the chain this server registers on. */
  chainId: number;
  /** How long an issued nonce may be used (default 10 minutes). */
  nonceTtlSeconds?: number;
  /** How long a session lasts at most (default 24 hours); a shorter `expirationTime` in the message wins. */
  sessionTtlSeconds?: number;
}

export const DEFAULT_NONCE_TTL_SECONDS = 10 * 60;
export const DEFAULT_SESSION_TTL_SECONDS = 24 * 60 * 60;

/** The prefix of session tokens (API keys start with `sm_`). */
export const SESSION_TOKEN_PREFIX = "siwe_";
