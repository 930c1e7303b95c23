import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Deployment } from "../server/src/chain/deployment.js";
import {
  DATA_SOURCES,
  UNINDEXED_EVENTS,
  eventSignature,
  exportedHandlers,
  parseDeployment,
  renderManifest,
  writeManifest,
  type DataSourceName,
} from "./subgraph-manifest.js";
import { SubgraphBuildError } from "./subgraph-errors.js";

const root = path.resolve(import.meta.dirname, "..");

const deployment: Deployment = {
  chainId: 11155111,
  deployer: "0x00000000000000000000000000000000000000aa",
  deployedAt: "2026-01-01T00:00:00.000Z",
  contracts: {
    SoundmarkRegistry: { address: "0x5FbDB2315678afecb367f032d93F642f64180aa3", blockNumber: 7_000_001, transactionHash: `0x${"1".repeat(64)}`, codeHash: `0x${"2".repeat(64)}` },
    TrackNFT: { address: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512", blockNumber: 7_000_002, transactionHash: `0x${"3".repeat(64)}`, codeHash: `0x${"4".repeat(64)}` },
  },
};

async function realInputs() {
  const abis = {} as Record<DataSourceName, unknown[]>;
  const handlers = {} as Record<DataSourceName, string[]>;
  for (const name of Object.keys(DATA_SOURCES) as DataSourceName[]) {
    abis[name] = JSON.parse(await readFile(path.join(root, "subgraph/abis", `${name}.json`), "utf8")) as unknown[];
    handlers[name] = exportedHandlers(await readFile(path.join(root, "subgraph", DATA_SOURCES[name]), "utf8"));
  }
  return { abis, handlers };
}

async function tempFile(content: string): Promise<string> {
  const file = path.join(await mkdtemp(path.join(tmpdir(), "subgraph-manifest-")), "deployment.json");
  await writeFile(file, content);
  return file;
}

describe("subgraph manifest", () => {
  it("names every ABI event with a handler, the deployment's addresses and start blocks, and the chain's network", async () => {
    const { abis, handlers } = await realInputs();
    const yaml = renderManifest({ deployment, abis, handlers });
    for (const name of Object.keys(DATA_SOURCES) as DataSourceName[]) {
      expect(yaml).toContain(`address: "${deployment.contracts[name].address}"`);
      expect(yaml).toContain(`startBlock: ${deployment.contracts[name].blockNumber}`);
      const events = abis[name].filter((x) => (x as { type: string }).type === "event") as Parameters<typeof eventSignature>[0][];
      for (const event of events) {
        if (event.name in UNINDEXED_EVENTS) expect(yaml).not.toContain(`handler: handle${event.name}\n`);
        else expect(yaml).toContain(`- event: ${JSON.stringify(eventSignature(event))}\n          handler: handle${event.name}\n`);
      }
    }
    expect(yaml.match(/network: "sepolia"/g)).toHaveLength(2);
    expect(yaml).toContain(
      'event: "StyleRegistered(indexed uint256,indexed address,string,(uint96,uint16,uint32,uint24,bool,bool,bool))"',
    );
  });

  it("fails when a contract event has no handler, or a handler has no event", async () => {
    const { abis, handlers } = await realInputs();
    const without = { ...handlers, TrackNFT: handlers.TrackNFT.filter((h) => h !== "handleSaleSettled") };
    expect(() => renderManifest({ deployment, abis, handlers: without })).toThrow(/no handler for TrackNFT events: SaleSettled/);
    const extra = { ...handlers, TrackNFT: [...handlers.TrackNFT, "handleTrackBurned"] };
    expect(() => renderManifest({ deployment, abis, handlers: extra })).toThrow(/TrackNFT lacks: handleTrackBurned/);
  });

  it("needs a network name for an unknown chain, and refuses one that is not a name", async () => {
    const { abis, handlers } = await realInputs();
    const unknown = { ...deployment, chainId: 424242 };
    expect(() => renderManifest({ deployment: unknown, abis, handlers })).toThrow(/no Graph network name is known for chain 424242/);
    expect(renderManifest({ deployment: unknown, abis, handlers, network: "my-chain" })).toContain('network: "my-chain"');
    for (const bad of ["Sepolia", "a b", 'x"\nkind: evil', ""]) {
      expect(() => renderManifest({ deployment, abis, handlers, network: bad })).toThrow(SubgraphBuildError);
    }
  });

  it("refuses a missing, truncated or malformed deployment file with an error that names the problem", async () => {
    const missing = path.join(tmpdir(), "no-such-dir", "1.json");
    await expect(writeManifest({ root, deploymentFile: missing })).rejects.toThrow(/does not exist/);
    const full = JSON.stringify(deployment);
    await expect(writeManifest({ root, deploymentFile: await tempFile(full.slice(0, 40)) })).rejects.toThrow(/is not JSON/);
    const cases: [unknown, RegExp][] = [
      [[], /not an object/],
      [null, /not an object/],
      [{ ...deployment, chainId: "1" }, /chainId/],
      [{ ...deployment, contracts: { TrackNFT: deployment.contracts.TrackNFT } }, /contracts.SoundmarkRegistry is missing/],
      [{ ...deployment, contracts: { ...deployment.contracts, TrackNFT: { ...deployment.contracts.TrackNFT, address: "0x1234" } } }, /TrackNFT.address/],
      [{ ...deployment, contracts: { ...deployment.contracts, TrackNFT: { ...deployment.contracts.TrackNFT, blockNumber: -1 } } }, /TrackNFT.blockNumber/],
    ];
    for (const [value, message] of cases) {
      expect(() => parseDeployment(JSON.stringify(value), "d.json")).toThrow(message);
      await expect(writeManifest({ root, deploymentFile: await tempFile(JSON.stringify(value)) })).rejects.toBeInstanceOf(SubgraphBuildError);
    }
  });

  it("writes the manifest where it is told", async () => {
    const out = path.join(await mkdtemp(path.join(tmpdir(), "subgraph-manifest-")), "subgraph.yaml");
    await writeManifest({ root, deploymentFile: await tempFile(JSON.stringify(deployment)), out });
    expect(await readFile(out, "utf8")).toMatch(/^# Generated by scripts\/subgraph-manifest.ts/);
  });
});
