import { defineConfig } from "vitest/config";

// Unit tests sit beside the code they test (`*.test.ts` under server/, generator/, scripts/, subgraph/).
// test/contracts/ belongs to Hardhat's runner (node:test), so vitest leaves it alone.
export default defineConfig({
  test: {
    include: ["{server,generator,scripts,subgraph}/**/*.test.ts", "test/e2e/**/*.test.ts"],
    exclude: ["**/node_modules/**", "test/contracts/**"],
    testTimeout: 60_000,
    // Suites that start a chain, a database and IPFS in beforeAll need more than the default 10 s on a loaded 2-core machine.
    hookTimeout: 60_000,
  },
});
