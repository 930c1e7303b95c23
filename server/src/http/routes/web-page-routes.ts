import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import express, { Router } from "express";

/** Where `npm run build:web` (scripts/build-web.ts) writes the page. */
export const WEB_DIST_DIR = fileURLToPath(new URL("../../../web/dist/", import.meta.url));

/** The page may talk to this server only and load nothing from elsewhere (no CDN, no inline script). */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join("; ");

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Soundmark: the page is not built</title></head>
<body><h1>The page is not built</h1><p>Run <code>npm run build:web</code> (or restart <code>npm start</code>, which
builds it), then reload. The API works without it: <a href="/graphql">/graphql</a>, <code>/v1/...</code>.</p></body></html>
`;

/**
 * The web page (server/web, built by Vite into `dir`) at `/`: `index.html` revalidated on every load (`no-cache`),
 * the hashed files under `/assets/` kept a year (`immutable`: a new build has new names). GET and HEAD only; anything
 * the dist does not hold goes on to the next handler (the API's JSON 404). When the dist is missing, `/` answers 503
 * with a page that says how to build it.
 */
export function webPageRoutes({ dir = WEB_DIST_DIR }: { dir?: string } = {}): Router {
  const router = Router();
  const serve = express.static(dir, {
    index: "index.html",
    dotfiles: "ignore",
    fallthrough: true,
    redirect: false,
    setHeaders(res, path) {
      res.setHeader("X-Content-Type-Options", "nosniff");
      if (path.endsWith(".html")) {
        res.setHeader("Cache-Control", "no-cache");
        res.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
      } else {
        res.setHeader("Cache-Control", "public, max-age=31536000, immutable");
      }
    },
  });
  const isPagePath = (path: string) => path === "/" || path === "/index.html" || path.startsWith("/assets/");
  router.use((req, res, next) => {
    if ((req.method !== "GET" && req.method !== "HEAD") || !isPagePath(req.path)) return next();
    if (!existsSync(join(dir, "index.html"))) {
      res.status(503).setHeader("Cache-Control", "no-store").type("html").send(NOT_BUILT);
      return;
    }
    serve(req, res, next);
  });
  return router;
}
