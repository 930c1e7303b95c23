import express, { Router } from "express";
import { requireSession } from "../../auth/require.js";
import { createSiweNonce } from "../../auth/siwe/create-siwe-nonce.js";
import { revokeSession } from "../../auth/siwe/revoke-session.js";
import { signInWithEthereum } from "../../auth/siwe/sign-in-with-ethereum.js";
import type { Services } from "../../schema/services.js";
import { InvalidInputError } from "../errors.js";
import { principalOf } from "../middleware/authenticate-request.js";

/**
 * Sign-In with Ethereum over REST: `GET|POST /v1/auth/nonce` -> {nonce, expiresAt, domain, chainId};
 * `POST /v1/auth/siwe` {message, signature} -> {token, address, chainId, expiresAt}; `POST /v1/auth/signout`.
 */
export function authRoutes(services: Services): Router {
  const router = Router();
  const nonce: express.RequestHandler = async (_req, res) => {
    const { nonce, expiresAt } = await createSiweNonce(services.store, services.info.siwe);
    res.setHeader("Cache-Control", "no-store");
    res.json({ nonce, expiresAt, domain: services.info.siwe.domain, chainId: services.info.siwe.chainId });
  };
  router.get("/v1/auth/nonce", nonce);
  router.post("/v1/auth/nonce", nonce);
  router.post("/v1/auth/siwe", express.json({ limit: "16kb" }), async (req, res) => {
    const { message, signature } = (req.body ?? {}) as { message?: unknown; signature?: unknown };
    if (typeof message !== "string" || typeof signature !== "string") {
      throw new InvalidInputError('the body must be JSON {"message": string, "signature": string}');
    }
    res.setHeader("Cache-Control", "no-store");
    res.json(await signInWithEthereum(services.store, services.info.siwe, { message, signature }));
  });
  router.post("/v1/auth/signout", async (req, res) => {
    requireSession(principalOf(res), "sign-out");
    const token = /^Bearer\s+(\S+)/i.exec(req.headers.authorization ?? "")?.[1] ?? "";
    res.json({ signedOut: await revokeSession(services.store, token) });
  });
  return router;
}
