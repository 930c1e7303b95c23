import type { ApiKeyScope } from "./api-key/api-key.js";

/** Who is calling, once the bearer token is verified. Reads need none; writes need an API key scope or a session. */
export type Principal =
  | { kind: "anonymous" }
  | { kind: "api-key"; keyId: string; scopes: readonly ApiKeyScope[] }
  | { kind: "session"; address: `0x${string}`; chainId: number; expiresAt: string };

export const ANONYMOUS: Principal = Object.freeze({ kind: "anonymous" });

/** The key rate limits count against: the API key, the signed-in address, or else the client's IP address. */
export function rateLimitKey(principal: Principal, ip: string | undefined): string {
  switch (principal.kind) {
    case "api-key":
      return `key:${principal.keyId}`;
    case "session":
      return `address:${principal.address}`;
    default:
      return `ip:${ip ?? "unknown"}`;
  }
}
