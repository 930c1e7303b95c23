import { mkdtemp, readFile, writeFile, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readDeployment, writeDeployment, type Deployment } from "./deployment.js";

const contract = (n: number) => ({
  address: `0x${String(n).repeat(40)}` as const,
  blockNumber: n,
  transactionHash: `0x${String(n).repeat(64)}` as const,
  codeHash: `0x${"0".repeat(64)}` as const,
});
const sample: Deployment = {
  chainId: 31337,
  deployer: `0x${"a".repeat(40)}`,
  deployedAt: "2026-01-01T00:00:00.000Z",
  contracts: { SoundmarkRegistry: contract(1), TrackNFT: contract(2) },
};

describe("deployment files", () => {
  it("write then read returns the same deployment, and leaves no temporary file", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "deployments-"));
    const file = await writeDeployment(dir, sample);
    expect(path.basename(file)).toBe("31337.json");
    expect(await readDeployment(dir, 31337)).toEqual(sample);
    expect(await readdir(dir)).toEqual(["31337.json"]);
  });

  it("reads nothing for a chain without a file", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "deployments-"));
    expect(await readDeployment(dir, 1)).toBeUndefined();
  });

  it("rejects a file of another chain or without addresses", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "deployments-"));
    await writeFile(path.join(dir, "5.json"), JSON.stringify({ ...sample, chainId: 31337 }));
    await expect(readDeployment(dir, 5)).rejects.toThrow(/not a Soundmark deployment for chain 5/);
    await writeFile(path.join(dir, "6.json"), JSON.stringify({ chainId: 6, contracts: {} }));
    await expect(readDeployment(dir, 6)).rejects.toThrow(/not a Soundmark deployment/);
  });

  it("rejects a truncated file with a parse error, not a crash elsewhere", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "deployments-"));
    const full = JSON.stringify(sample);
    await writeFile(path.join(dir, "31337.json"), full.slice(0, full.length / 2));
    await expect(readDeployment(dir, 31337)).rejects.toThrow(SyntaxError);
    expect(await readFile(path.join(dir, "31337.json"), "utf8")).toHaveLength(Math.floor(full.length / 2));
  });
});
