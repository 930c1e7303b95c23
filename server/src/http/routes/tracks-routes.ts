import { Router } from "express";
import { requireScope } from "../../auth/require.js";
import type { GeneratorClaim } from "../../pipeline/generator-claim.js";
import type { IngestJob } from "../../pipeline/ingest-job.js";
import type { Services } from "../../schema/services.js";
import type { TrackView } from "../../schema/track/read-model-port.js";
import { InvalidInputError, NotFoundError } from "../errors.js";
import { principalOf } from "../middleware/authenticate-request.js";
import type { RateLimitPolicy } from "../rate-limit/rate-limit-policy.js";
import { MissingFileError, UploadTooLargeError } from "../upload/errors.js";
import { receiveMultipart, type MultipartLimits } from "../upload/receive-multipart.js";

export interface UploadSettings {
  dir: string;
  limits: MultipartLimits;
}

const SHA256 = /^[0-9a-f]{64}$/;

/** Refuses a body whose declared length is already over the cap, before reading a byte of it. */
export function checkDeclaredLength(header: string | undefined, limits: MultipartLimits): void {
  if (header === undefined) return;
  // Multipart framing and the small fields come on top of the file: allow them their own cap.
  const allowance = limits.maxFileBytes * limits.maxFiles + limits.maxFieldBytes * limits.maxFields;
  if (Number(header) > allowance) throw new UploadTooLargeError(limits.maxFileBytes, "the request body");
}

/** The REST view of a track: the ingest job (when submitted here) merged with the indexed on-chain record. */
export function trackBody(sha256: string, job: IngestJob | null, track: TrackView | null) {
  return {
    sha256,
    status: job?.status ?? (track ? "registered" : "queued"),
    jobId: job?.jobId ?? null,
    stage: job?.stage ?? null,
    progress: job?.progress ?? (track ? 1 : 0),
    error: job?.error ?? null,
    errorCode: job?.errorCode ?? null,
    cid: job?.cid ?? track?.cid ?? null,
    manifestCid: job?.manifestCid ?? track?.manifestCid ?? null,
    transactionHash: job?.transactionHash ?? track?.transactionHash ?? null,
    blockNumber: track?.blockNumber ?? null,
    registrant: track?.registrant ?? null,
    kind: track?.kind ?? null,
    styleId: track?.styleId ?? null,
    licenceId: track?.licenceId ?? null,
    parents: track?.parents ?? [],
    createdAt: job?.createdAt ?? null,
    updatedAt: job?.updatedAt ?? null,
  };
}

/**
 * `POST /v1/tracks` (multipart field `file`, optional field `generator` with the GeneratorClaim as JSON; API key with
 * the `ingest` scope) -> 202 {sha256, jobId, status}; `GET /v1/tracks/:sha256` -> the track's status and record.
 */
export function tracksRoutes(services: Services, upload: UploadSettings, limiter: RateLimitPolicy): Router {
  const router = Router();

  router.post("/v1/tracks", async (req, res) => {
    const key = requireScope(principalOf(res), "ingest", "POST /v1/tracks");
    limiter.enforce(key, req.ip, limiter.config.uploadCost);
    checkDeclaredLength(req.headers["content-length"], upload.limits);
    const { fields, files } = await receiveMultipart({ body: req, contentType: req.headers["content-type"], ...upload });
    try {
      const file = files.get("file");
      if (!file) throw new MissingFileError('the multipart field "file" holds no file');
      let generator: GeneratorClaim | undefined;
      const claim = fields.get("generator");
      if (claim !== undefined) {
        try {
          generator = JSON.parse(claim) as GeneratorClaim;
        } catch {
          throw new InvalidInputError('the field "generator" is not valid JSON');
        }
      }
      const job = await services.ingest.submit({ filePath: file.path, originalName: file.filename, submittedBy: key.keyId, generator });
      res.status(202).location(`/v1/tracks/${job.sha256}`).json({ sha256: job.sha256, jobId: job.jobId, status: job.status });
    } finally {
      await Promise.all([...files.values()].map((f) => f.discard()));
    }
  });

  router.get("/v1/tracks/:sha256", async (req, res) => {
    const sha256 = String(req.params.sha256).toLowerCase();
    if (!SHA256.test(sha256)) throw new InvalidInputError("the sha256 must be 64 hex digits");
    const [job, track] = await Promise.all([services.ingest.getJob(sha256), services.readModel.getTrack({ sha256 })]);
    if (!job && !track) throw new NotFoundError(`no track ${sha256}`);
    res.json(trackBody(sha256, job, track));
  });

  return router;
}
