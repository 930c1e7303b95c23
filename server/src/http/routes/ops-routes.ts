import { Router } from "express";
import type { Store } from "../../store/index.js";
import type { HttpMetrics } from "../metrics/http-metrics.js";

/** A readiness check of one component: resolves when it answers, throws when it does not. */
export type HealthCheck = () => Promise<void>;

/** `GET /healthz` (200 {status: "ok", checks}, or 503 naming what failed) and `GET /metrics` (Prometheus text). */
export function opsRoutes(store: Store, metrics: HttpMetrics, checks: Record<string, HealthCheck> = {}): Router {
  const router = Router();
  const all: Record<string, HealthCheck> = { database: async () => void (await store.query("SELECT 1")), ...checks };
  router.get("/healthz", async (_req, res) => {
    const results = await Promise.all(
      Object.entries(all).map(async ([name, check]) => {
        try {
          await check();
          return [name, "ok"] as const;
        } catch (error) {
          return [name, `failing: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`] as const;
        }
      }),
    );
    const ok = results.every(([, state]) => state === "ok");
    res.setHeader("Cache-Control", "no-store");
    res.status(ok ? 200 : 503).json({ status: ok ? "ok" : "degraded", checks: Object.fromEntries(results) });
  });
  router.get("/metrics", async (_req, res) => {
    res.setHeader("Content-Type", metrics.registry.contentType);
    res.send(await metrics.registry.metrics());
  });
  return router;
}
