import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildSubgraph, runGraph } from "./subgraph-build.js";
import { SubgraphBuildError } from "./subgraph-errors.js";

const root = path.resolve(import.meta.dirname, "..");

describe("subgraph build", () => {
  it("fails loudly, with graph-cli's own output, when a step fails", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "subgraph-build-"));
    await writeFile(path.join(dir, "subgraph.yaml"), "specVersion: 1.3.0\nschema:\n  file: ./missing.graphql\ndataSources: []\n");
    const failure = runGraph(["codegen", "subgraph.yaml", "--output-dir", "generated/"], dir);
    await expect(failure).rejects.toBeInstanceOf(SubgraphBuildError);
    await expect(failure).rejects.toThrow(/graph codegen subgraph.yaml --output-dir generated\/ failed \(exit 1\)\n\nDetails: \S/);
  });

  it("refuses to start without a deployment file, before running graph-cli", async () => {
    await expect(buildSubgraph({ root, deploymentFile: path.join(tmpdir(), "none", "31337.json") })).rejects.toThrow(
      /deployment file .* does not exist/,
    );
  });
});
