import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// The page's end-to-end test drives a real Chromium against the real stack: its own run (`npm run test:web`), not
// part of the unit tests' include list.
export default defineConfig({
  test: {
    root: fileURLToPath(new URL("../..", import.meta.url)),
    include: ["test/web/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
