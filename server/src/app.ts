import express, { type Express } from "express";
import { createYoga } from "graphql-yoga";
import { authenticate } from "./auth/authenticate.js";
import { errorHandler } from "./http/middleware/error-handler.js";
import { authenticateRequest } from "./http/middleware/authenticate-request.js";
import { rateLimit } from "./http/middleware/rate-limit.js";
import { requestDeadline } from "./http/middleware/request-deadline.js";
import { requestMetrics } from "./http/middleware/request-metrics.js";
import { NotFoundError } from "./http/errors.js";
import type { Logger } from "./http/logger.js";
import { createHttpMetrics, type HttpMetrics, type MetricsSources } from "./http/metrics/http-metrics.js";
import { RateLimitPolicy, DEFAULT_RATE_LIMITS, type RateLimitConfig } from "./http/rate-limit/rate-limit-policy.js";
import { authRoutes } from "./http/routes/auth-routes.js";
import { checkRoutes } from "./http/routes/check-routes.js";
import { opsRoutes, type HealthCheck } from "./http/routes/ops-routes.js";
import { tracksRoutes, type UploadSettings } from "./http/routes/tracks-routes.js";
import { webPageRoutes } from "./http/routes/web-page-routes.js";
import { ipfsGatewayRoutes } from "./http/routes/ipfs-gateway-routes.js";
import { createMaskError } from "./plugins/mask-error.js";
import { renderGraphiQL } from "./plugins/render-graphiql.js";
import { DEFAULT_QUERY_LIMITS, useArmor, type QueryLimits } from "./plugins/use-armor.js";
import { useDiskUploads } from "./plugins/use-disk-uploads.js";
import { useExecutionTimeout } from "./plugins/use-execution-timeout.js";
import { useRateLimit } from "./plugins/use-rate-limit.js";
import type { GraphQLContext } from "./schema/context.js";
import { buildSchema } from "./schema/index.js";
import type { Services } from "./schema/services.js";

/** The settings of the HTTP edge. */
export interface AppConfig {
  /** Where uploads stream to (inside the data folder, so the pipeline takes a file over by renaming it). */
  uploadDir: string;
  /** Largest uploaded file (413 above). */
  maxUploadBytes: number;
  /** Deadline of one REST request or GraphQL execution (504 past it). Uploads' transfer time is bounded by the server. */
  requestTimeoutMs?: number;
  rateLimits?: RateLimitConfig;
  queryLimits?: QueryLimits;
  /** Express's `trust proxy`: set it behind a reverse proxy so rate limits see the client's IP, not the proxy's. */
  trustProxy?: boolean | number | string;
  /** Serve the GraphQL console on GET /graphql (default true). */
  graphiql?: boolean;
}

export interface AppDependencies {
  services: Services;
  config: AppConfig;
  /** Gauges of /metrics read from the components (ingest jobs by status, indexer lag). */
  metricsSources?: MetricsSources;
  /** Extra readiness checks of /healthz (the database is always checked). */
  healthChecks?: Record<string, HealthCheck>;
  logger?: Logger;
}

export interface App {
  app: Express;
  metrics: HttpMetrics;
  rateLimits: RateLimitPolicy;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;

/**
 * Builds the server's HTTP application without listening: GraphQL (graphql-yoga) at /graphql, the REST API under
 * /v1, /healthz and /metrics. Tests call this and listen on port 0; server/src/index.ts listens on PORT.
 *
 * @example
 * const { app } = buildApp({ services, config: { uploadDir: ".soundmark/uploads", maxUploadBytes: 200 << 20 } });
 * app.listen(4000);
 */
export function buildApp({ services, config, metricsSources, healthChecks, logger = console }: AppDependencies): App {
  const timeoutMs = config.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const rateLimits = new RateLimitPolicy(config.rateLimits ?? DEFAULT_RATE_LIMITS);
  const metrics = createHttpMetrics(metricsSources);
  const upload: UploadSettings = {
    dir: config.uploadDir,
    limits: { maxFileBytes: config.maxUploadBytes, maxFiles: 1, maxFields: 8, maxFieldBytes: 64 * 1024 },
  };

  const yoga = createYoga<{ req: express.Request; res: express.Response }, GraphQLContext>({
    schema: buildSchema(),
    graphqlEndpoint: "/graphql",
    landingPage: false,
    graphiql: config.graphiql === false ? false : { title: "Soundmark GraphQL" },
    renderGraphiQL,
    // Our own multipart parser streams files to disk (use-disk-uploads); yoga's would buffer them in memory.
    multipart: false,
    maxRequestBodySize: config.maxUploadBytes + 1024 * 1024,
    maskedErrors: { maskError: createMaskError(logger) },
    logging: { debug: () => {}, info: () => {}, warn: (...a: unknown[]) => logger.warn(...a), error: (...a: unknown[]) => logger.error(...a) },
    plugins: [
      useDiskUploads({ dir: upload.dir, limits: { ...upload.limits, maxFiles: 4 } }),
      useArmor(config.queryLimits ?? DEFAULT_QUERY_LIMITS),
      useRateLimit(rateLimits),
      useExecutionTimeout(timeoutMs),
    ],
    context: async ({ request, req }) => {
      const authorization = request.headers.get("authorization");
      return {
        principal: await authenticate(services.store, authorization),
        bearerToken: authorization ? /^Bearer\s+(\S+)/i.exec(authorization)?.[1] : undefined,
        ip: req?.ip,
        services,
      };
    },
  });

  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", config.trustProxy ?? false);
  app.use(requestMetrics(metrics));
  app.use(opsRoutes(services.store, metrics, healthChecks));
  if (services.blocks) app.use(ipfsGatewayRoutes(services.blocks));
  // yoga is a Node request listener; Express 5's types do not know its shape.
  app.use(yoga.graphqlEndpoint, yoga as unknown as express.RequestHandler);
  app.use(webPageRoutes());

  const v1 = express.Router();
  v1.use(requestDeadline(timeoutMs));
  v1.use(authenticateRequest(services.store));
  v1.use(rateLimit(rateLimits));
  v1.use(tracksRoutes(services, upload, rateLimits));
  v1.use(checkRoutes(services, upload, rateLimits));
  v1.use(authRoutes(services));
  app.use(v1);

  app.use((req, _res, next) => next(new NotFoundError(`${req.method} ${req.path}`)));
  app.use(errorHandler(logger));
  return { app, metrics, rateLimits };
}
