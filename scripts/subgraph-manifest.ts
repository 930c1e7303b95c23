/**
 * Writes subgraph/subgraph.yaml from a deployment file (addresses, start blocks, network from the chain id) and the
 * generated ABIs in subgraph/abis/ (event signatures): nothing in the manifest is copied by hand.
 *   npx tsx scripts/subgraph-manifest.ts --deployment deployments/11155111.json [--network sepolia] [--out file]
 * Every event of a contract's ABI must have a handler exported by its mapping file, or be listed in
 * UNINDEXED_EVENTS with the reason: a new contract event fails the build until the subgraph decides what to do with it.
 */
import { readFile, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { isAddress } from "viem";
import type { Deployment } from "../server/src/chain/deployment.js";
import { SubgraphBuildError } from "./subgraph-errors.js";

/** One data source per deployed contract, with its mapping file (relative to subgraph/). */
export const DATA_SOURCES = {
  SoundmarkRegistry: "./src/mappings/soundmark-registry.ts",
  TrackNFT: "./src/mappings/track-nft.ts",
} as const;

export type DataSourceName = keyof typeof DATA_SOURCES;

/** Events the subgraph leaves out on purpose. */
export const UNINDEXED_EVENTS: Record<string, string> = {
  EIP712DomainChanged: "the registry's EIP-712 domain is fixed at deployment; the event is never emitted",
  RoleAdminChanged: "no function of the contracts changes a role's admin (OpenZeppelin's interface declares the event)",
};

/** The Graph's network names of the chains Soundmark deploys to. */
export const NETWORK_NAMES: Record<number, string> = {
  1: "mainnet",
  10: "optimism",
  137: "matic",
  8453: "base",
  17000: "holesky",
  42161: "arbitrum-one",
  84532: "base-sepolia",
  421614: "arbitrum-sepolia",
  560048: "hoodi",
  11155111: "sepolia",
  // Hardhat's EDR network (npm start): a local graph-node names it in its `ethereum` setting, see docs/subgraph.md.
  31337: "hardhat",
};

interface AbiParameter {
  type: string;
  indexed?: boolean;
  components?: AbiParameter[];
}

interface AbiEvent {
  type: "event";
  name: string;
  inputs: AbiParameter[];
}

export interface RenderManifestParameters {
  deployment: Deployment;
  /** Contract name -> ABI (JSON array). */
  abis: Record<DataSourceName, unknown[]>;
  /** Contract name -> the handler names its mapping file exports. */
  handlers: Record<DataSourceName, string[]>;
  /** Overrides the network name derived from the chain id. */
  network?: string;
}

/** graph-cli's form of an event signature: `Name(indexed uint256,(uint96,bool),bytes32[])`. */
export function eventSignature(event: AbiEvent): string {
  const params = event.inputs.map((p) => `${p.indexed ? "indexed " : ""}${parameterType(p)}`);
  return `${event.name}(${params.join(",")})`;
}

function parameterType(p: AbiParameter): string {
  if (!p.type.startsWith("tuple")) return p.type;
  return `(${(p.components ?? []).map(parameterType).join(",")})${p.type.slice("tuple".length)}`;
}

/** The names of the functions a mapping file exports (`export function handleX(`). */
export function exportedHandlers(source: string): string[] {
  return [...source.matchAll(/^export function (handle\w+)\s*\(/gm)].map((m) => m[1]!);
}

/** Checks the parts of a deployment file the manifest needs; throws SubgraphBuildError naming the bad field. */
export function parseDeployment(text: string, file: string): Deployment {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SubgraphBuildError(`${file} is not JSON`, { cause: error });
  }
  const d = value as Partial<Deployment> | null;
  function fail(what: string): never {
    throw new SubgraphBuildError(`${file} is not a Soundmark deployment: ${what}`, {
      details: "write it with `npm run deploy` (scripts/deploy.ts)",
    });
  }
  if (typeof d !== "object" || d === null || Array.isArray(d)) fail("not an object");
  if (!Number.isSafeInteger(d.chainId) || (d.chainId as number) <= 0) fail("chainId is not a positive integer");
  for (const name of Object.keys(DATA_SOURCES) as DataSourceName[]) {
    const c = d.contracts?.[name];
    if (!c) fail(`contracts.${name} is missing`);
    if (typeof c.address !== "string" || !isAddress(c.address, { strict: false })) fail(`contracts.${name}.address is not an address`);
    if (!Number.isSafeInteger(c.blockNumber) || c.blockNumber < 0) fail(`contracts.${name}.blockNumber is not a block number`);
  }
  return d as Deployment;
}

/** The text of subgraph.yaml. Strings are written as JSON strings, which YAML reads as double-quoted scalars. */
export function renderManifest({ deployment, abis, handlers, network }: RenderManifestParameters): string {
  const networkName = network ?? NETWORK_NAMES[deployment.chainId];
  if (!networkName) {
    throw new SubgraphBuildError(`no Graph network name is known for chain ${deployment.chainId}`, {
      details: "pass --network <name> (the name your graph-node calls the chain)",
    });
  }
  if (!/^[a-z0-9][a-z0-9-]*$/.test(networkName)) {
    throw new SubgraphBuildError(`network name ${JSON.stringify(networkName)} is not a Graph network name`, {
      details: "lowercase letters, digits and dashes, e.g. sepolia or arbitrum-one",
    });
  }
  const q = (s: string) => JSON.stringify(s);
  const lines = [
    "# Generated by scripts/subgraph-manifest.ts from the deployment file and subgraph/abis/. Do not edit.",
    "specVersion: 1.3.0",
    "indexerHints:",
    "  prune: auto",
    "schema:",
    "  file: ./schema.graphql",
    "dataSources:",
  ];
  for (const name of Object.keys(DATA_SOURCES) as DataSourceName[]) {
    const contract = deployment.contracts[name];
    const events = (abis[name] as { type?: string }[]).filter((x): x is AbiEvent => x.type === "event");
    const exported = new Set(handlers[name]);
    const indexed = events.filter((e) => !(e.name in UNINDEXED_EVENTS));
    const missing = indexed.filter((e) => !exported.has(`handle${e.name}`)).map((e) => e.name);
    if (missing.length > 0) {
      throw new SubgraphBuildError(`${DATA_SOURCES[name]} has no handler for ${name} events: ${missing.join(", ")}`, {
        details: "export handle<Event> from the mapping, or list the event in UNINDEXED_EVENTS with the reason",
      });
    }
    const known = new Set(events.map((e) => `handle${e.name}`));
    const stray = handlers[name].filter((h) => !known.has(h));
    if (stray.length > 0) {
      throw new SubgraphBuildError(`${DATA_SOURCES[name]} exports handlers for events ${name} lacks: ${stray.join(", ")}`);
    }
    lines.push(
      "  - kind: ethereum/contract",
      `    name: ${name}`,
      `    network: ${q(networkName)}`,
      "    source:",
      `      address: ${q(contract.address)}`,
      `      abi: ${name}`,
      `      startBlock: ${contract.blockNumber}`,
      "    mapping:",
      "      kind: ethereum/events",
      "      apiVersion: 0.0.9",
      "      language: wasm/assemblyscript",
      `      file: ${q(DATA_SOURCES[name])}`,
      "      entities:",
      ...ENTITIES.map((e) => `        - ${e}`),
      "      abis:",
      `        - name: ${name}`,
      `          file: ${q(`./abis/${name}.json`)}`,
      "      eventHandlers:",
    );
    for (const event of indexed) {
      lines.push(`        - event: ${q(eventSignature(event))}`, `          handler: handle${event.name}`);
    }
  }
  return lines.join("\n") + "\n";
}

/** The entity types of schema.graphql (graph-cli wants them listed per data source). */
export const ENTITIES = [
  "Artist",
  "Style",
  "LicenceTerms",
  "Licence",
  "Track",
  "Batch",
  "Token",
  "Sale",
  "Credit",
  "Balance",
  "Withdrawal",
  "CancelledNonce",
  "ContractState",
  "Role",
  "RoleMember",
  "OperatorApproval",
];

export interface WriteManifestParameters {
  /** The repository root. */
  root: string;
  deploymentFile: string;
  network?: string;
  /** Defaults to <root>/subgraph/subgraph.yaml. */
  out?: string;
}

/** Reads the deployment, the ABIs and the mapping files, and writes subgraph.yaml; returns its path. */
export async function writeManifest({ root, deploymentFile, network, out }: WriteManifestParameters): Promise<string> {
  if (!existsSync(deploymentFile)) {
    throw new SubgraphBuildError(`deployment file ${deploymentFile} does not exist`, {
      details: "deploy first (`npm run deploy` writes deployments/<chainId>.json) and pass --deployment <file>",
    });
  }
  const deployment = parseDeployment(await readFile(deploymentFile, "utf8"), deploymentFile);
  const abis = {} as Record<DataSourceName, unknown[]>;
  const handlers = {} as Record<DataSourceName, string[]>;
  for (const name of Object.keys(DATA_SOURCES) as DataSourceName[]) {
    const abiFile = path.join(root, "subgraph/abis", `${name}.json`);
    if (!existsSync(abiFile)) {
      throw new SubgraphBuildError(`missing ABI ${abiFile}`, { details: "run `npm run codegen`" });
    }
    const abi = JSON.parse(await readFile(abiFile, "utf8")) as unknown;
    if (!Array.isArray(abi)) throw new SubgraphBuildError(`${abiFile} is not an ABI (a JSON array)`);
    abis[name] = abi;
    handlers[name] = exportedHandlers(await readFile(path.join(root, "subgraph", DATA_SOURCES[name]), "utf8"));
  }
  const file = out ?? path.join(root, "subgraph/subgraph.yaml");
  await writeFile(file, renderManifest({ deployment, abis, handlers, network }));
  return file;
}

/** `--name value` from argv. */
export function option(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  if (i === -1) return undefined;
  const value = argv[i + 1];
  if (value === undefined || value.startsWith("--")) throw new SubgraphBuildError(`${name} needs a value`);
  return value;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const deploymentFile = option(argv, "--deployment");
  if (!deploymentFile) {
    throw new SubgraphBuildError("no deployment given", {
      details: "usage: tsx scripts/subgraph-manifest.ts --deployment deployments/<chainId>.json [--network <name>] [--out <file>]",
    });
  }
  const file = await writeManifest({
    root: process.cwd(),
    deploymentFile,
    network: option(argv, "--network"),
    out: option(argv, "--out"),
  });
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(`subgraph manifest failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
