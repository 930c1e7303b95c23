import { Router } from "express";
import { requireScope } from "../../auth/require.js";
import { bestFirst } from "../../schema/check/resolvers.js";
import type { Services } from "../../schema/services.js";
import { principalOf } from "../middleware/authenticate-request.js";
import type { RateLimitPolicy } from "../rate-limit/rate-limit-policy.js";
import { MissingFileError } from "../upload/errors.js";
import { receiveMultipart } from "../upload/receive-multipart.js";
import { checkDeclaredLength, type UploadSettings } from "./tracks-routes.js";

/** JSON-safe: payload bytes as hex, bigints as decimal strings. */
function jsonSafe(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString("hex") : typeof v === "bigint" ? v.toString() : v)),
  );
}

/** `POST /v1/check` (multipart field `file`; API key with the `check` scope) -> checkAudio's result, matches best first. */
export function checkRoutes(services: Services, upload: UploadSettings, limiter: RateLimitPolicy): Router {
  const router = Router();
  router.post("/v1/check", async (req, res) => {
    const key = requireScope(principalOf(res), "check", "POST /v1/check");
    limiter.enforce(key, req.ip, limiter.config.uploadCost);
    checkDeclaredLength(req.headers["content-length"], upload.limits);
    const { files } = await receiveMultipart({ body: req, contentType: req.headers["content-type"], ...upload });
    try {
      const file = files.get("file");
      if (!file) throw new MissingFileError('the multipart field "file" holds no file');
      const result = await services.check.checkAudio({ filePath: file.path, signal: res.locals.signal as AbortSignal | undefined });
      if (!res.headersSent) res.json(jsonSafe({ ...result, matches: bestFirst(result.matches) }));
    } finally {
      await Promise.all([...files.values()].map((f) => f.discard()));
    }
  });
  return router;
}
