import type { RequestHandler, Response } from "express";
import { authenticate } from "../../auth/authenticate.js";
import { ANONYMOUS, type Principal } from "../../auth/principal.js";
import type { Sql } from "../../store/index.js";

/** Resolves the `Authorization` header into `res.locals.principal`; a wrong token is a 401, no token is anonymous. */
export function authenticateRequest(sql: Sql): RequestHandler {
  return async (req, res, next) => {
    res.locals.principal = await authenticate(sql, req.headers.authorization);
    next();
  };
}

/** The principal authenticateRequest stored (anonymous before it ran). */
export function principalOf(res: Response): Principal {
  return (res.locals.principal as Principal | undefined) ?? ANONYMOUS;
}
