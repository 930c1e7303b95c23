import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EXPORTED_CONTRACTS, renderContract, type ExportedContract } from "./codegen.js";

const root = path.resolve(import.meta.dirname, "..");
const built = Object.values(EXPORTED_CONTRACTS).every((p) => existsSync(path.join(root, p)));

describe("codegen", () => {
  // `npm test` compiles first, so the artifacts exist there; a bare `vitest` without a build skips this check.
  it.runIf(built)("committed ABIs match the compiled contracts (run `npm run codegen` when this fails)", async () => {
    for (const name of Object.keys(EXPORTED_CONTRACTS) as ExportedContract[]) {
      for (const [file, expected] of await renderContract(root, name)) {
        expect(await readFile(file, "utf8"), path.relative(root, file)).toBe(expected);
      }
    }
  });

  it("refuses to run without artifacts, naming the fix", async () => {
    await expect(renderContract("/nonexistent", "TrackNFT")).rejects.toThrow(/run `npx hardhat build` first/);
  });
});
