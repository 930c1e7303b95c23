import type { Sql } from "../store/index.js";
import { API_KEY_PREFIX } from "./api-key/api-key.js";
import { verifyApiKey } from "./api-key/verify-api-key.js";
import { MalformedCredentialsError } from "./errors.js";
import { ANONYMOUS, type Principal } from "./principal.js";
import { SESSION_TOKEN_PREFIX } from "./siwe/siwe-config.js";
import { verifySession } from "./siwe/verify-session.js";

/**
 * The principal behind an `Authorization` header: anonymous without one; an API key (`Bearer sm_...`) or a SIWE
 * session (`Bearer siwe_...`) otherwise. A header that is present but wrong is an error, never a silent anonymous:
 * a client with a typo in its key learns it on its first read, not on its first write.
 */
export async function authenticate(sql: Sql, authorization: string | null | undefined): Promise<Principal> {
  if (authorization === undefined || authorization === null || authorization === "") return ANONYMOUS;
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization);
  if (!match) throw new MalformedCredentialsError("expected `Authorization: Bearer <token>`");
  const token = match[1]!;
  if (token.startsWith(API_KEY_PREFIX)) {
    const key = await verifyApiKey(sql, { key: token });
    return { kind: "api-key", keyId: key.id, scopes: key.scopes };
  }
  if (token.startsWith(SESSION_TOKEN_PREFIX)) {
    const session = await verifySession(sql, token);
    return { kind: "session", ...session };
  }
  throw new MalformedCredentialsError(`a token starting with "${API_KEY_PREFIX}" (API key) or "${SESSION_TOKEN_PREFIX}" (session) was expected`);
}
