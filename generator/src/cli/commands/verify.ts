import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { createPublicClient, http, isAddress } from "viem";
import { parseWatermarkKey, type WatermarkKey } from "../../../audio/src/watermark/index.js";
import { readDeployment } from "../../../../server/src/chain/deployment.js";
import { VerifyChainError } from "../../../../server/src/verify/errors.js";
import { verifyFile, type VerifyResult } from "../../../../server/src/verify/verify-file.js";
import type { Command, CommandIo } from "../command.js";
import { parseOptions } from "../parse-options.js";
import { UsageError } from "../usage-error.js";

export const verifyCommand: Command = {
  name: ["verify"],
  summary: "trustless provenance of a file from the chain and IPFS alone (no Soundmark server)",
  usage: `usage: soundmark verify <file> --rpc <url> [--ipfs <url>] [--key <key.json>]... [--registry <address>]
                        [--deployment <file.json>] [--from-block <n>] [--cache <dir>] [--json]

Answers what the server's POST /v1/check answers, from a chain node and IPFS only: hashes the file (SHA-256 and
canonical PCM), reads the registry's records (each event re-hashed against the stored record hash; records in Merkle
batches proven from the batch file the chain commits to), fetches every manifest by the CID its on-chain digest
gives and checks it, detects the watermark with the key, and matches excerpts against a local fingerprint index of
the registered tracks' audio, fetched from IPFS and verified block by block.

  --rpc <url>          JSON-RPC of the chain
  --ipfs <url>         a trustless gateway (http://host:port, serving /ipfs/<cid>?format=raw: a Soundmark server is
                       one, or any IPFS gateway) or a Kubo RPC API (http://host:5001/api/v0). Without it, only the
                       exact file's on-chain record is looked up
  --key <key.json>     a watermark key (repeatable); without one, the watermark is not searched
  --registry <addr>    the SoundmarkRegistry; default from --deployment, else ./deployments/<chainId>.json
  --deployment <file>  a deployment file (deployments/<chainId>.json): registry address and deployment block
  --from-block <n>     first block to read events from (default: the deployment block, else 0)
  --cache <dir>        the fingerprint index and manifests (default ~/.cache/soundmark-verify/<chainId>-<registry>)
  --json               the full result as JSON

Exit status: 0 when everything served was consistent, 1 when a problem was found (a manifest that does not match
its commitment, a batch that does not rebuild its root...) or on an error, 2 for a usage error.
`,
  async run(args, io) {
    const { values, positionals } = parseOptions(args, {
      rpc: { type: "string" },
      ipfs: { type: "string" },
      key: { type: "string", multiple: true },
      registry: { type: "string" },
      deployment: { type: "string" },
      "from-block": { type: "string" },
      cache: { type: "string" },
      json: { type: "boolean" },
    });
    if (positionals.length !== 1) throw new UsageError("verify takes exactly one file");
    if (!values.rpc) throw new UsageError("verify needs --rpc <url> (the chain's JSON-RPC)");
    if (!/^https?:\/\//.test(values.rpc)) throw new UsageError(`--rpc must be an http(s) URL, got "${values.rpc.slice(0, 80)}"`);
    if (values.registry !== undefined && !isAddress(values.registry, { strict: false })) throw new UsageError(`--registry is not an address: "${values.registry.slice(0, 80)}"`);
    if (values["from-block"] !== undefined && !/^\d{1,20}$/.test(values["from-block"])) throw new UsageError(`--from-block must be a block number, got "${values["from-block"]}"`);
    const file = positionals[0]!;
    if (!existsSync(file)) throw new UsageError(`no such file: ${file}`);

    const keys: WatermarkKey[] = [];
    for (const path of values.key ?? []) keys.push(parseWatermarkKey(await readFile(path, "utf8")));
    const target = await registryOf(values.rpc, values.registry, values.deployment);
    const fromBlock = values["from-block"] !== undefined ? BigInt(values["from-block"]) : target.fromBlock;

    const result = await verifyFile({
      filePath: file,
      rpcUrl: values.rpc,
      registry: target.registry,
      fromBlock,
      watermarkKeys: keys,
      ...(values.ipfs ? { ipfsUrl: values.ipfs } : {}),
      ...(values.cache ? { cacheDir: resolve(values.cache) } : {}),
      onProgress: io.interactive ? (line) => io.stderr(`${line}\n`) : undefined,
    });
    if (values.json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    else printResult(result, io);
    return result.problems.length > 0 ? 1 : 0;
  },
};

/** The registry to read: --registry, else the deployment file (given, or ./deployments/<chainId>.json). */
async function registryOf(rpcUrl: string, registry: string | undefined, deploymentFile: string | undefined): Promise<{ registry: string; fromBlock: bigint }> {
  if (registry && !deploymentFile) return { registry, fromBlock: 0n };
  let deployment;
  if (deploymentFile) {
    if (!existsSync(deploymentFile)) throw new UsageError(`no such deployment file: ${deploymentFile}`);
    let parsed: { chainId?: unknown; contracts?: { SoundmarkRegistry?: { address?: unknown; blockNumber?: unknown } } };
    try {
      parsed = JSON.parse(await readFile(deploymentFile, "utf8"));
    } catch {
      throw new UsageError(`${deploymentFile} is not JSON`);
    }
    const address = parsed.contracts?.SoundmarkRegistry?.address;
    if (typeof address !== "string" || !isAddress(address, { strict: false })) throw new UsageError(`${deploymentFile} names no SoundmarkRegistry address`);
    const block = parsed.contracts?.SoundmarkRegistry?.blockNumber;
    deployment = { address: registry ?? address, blockNumber: Number.isSafeInteger(block) ? BigInt(block as number) : 0n };
  } else {
    let chainId: number;
    try {
      chainId = await createPublicClient({ transport: http(rpcUrl, { retryCount: 0, timeout: 15_000 }) }).getChainId();
    } catch (cause) {
      throw new VerifyChainError(`cannot reach the chain node at ${rpcUrl}`, { details: cause instanceof Error ? cause.message.split("\n")[0] : String(cause), cause });
    }
    const found = await readDeployment(resolve("deployments"), chainId).catch(() => undefined);
    if (!found) throw new UsageError(`no --registry given and no deployments/${chainId}.json here: name the SoundmarkRegistry with --registry <address>`);
    deployment = { address: found.contracts.SoundmarkRegistry.address, blockNumber: BigInt(found.contracts.SoundmarkRegistry.blockNumber) };
  }
  return { registry: deployment.address, fromBlock: deployment.blockNumber };
}

function printResult(r: VerifyResult, io: CommandIo): void {
  const out: string[] = [];
  const answer = { yes: "AI-generated", no: "not AI-generated (no watermark of the given keys, no registered match)", unknown: "unknown" }[r.aiGenerated];
  out.push(`verdict      ${r.aiGenerated}: ${answer}`);
  for (const reason of r.reasons) out.push(`  - ${reason}`);
  out.push(`file         ${r.sha256} (${r.format}, ${r.durationSeconds.toFixed(2)} s, pcm ${r.pcmSha256})`);
  out.push(`registry     ${r.source.registry} on chain ${r.source.chainId} at block ${r.source.blockNumber}: ${r.source.registeredTracks} track(s), ${r.source.indexedTracks} indexed`);
  if (r.watermark) {
    out.push(
      r.watermark.detected
        ? `watermark    key ${r.watermark.keyId}, payload ${r.watermark.payload} (false-positive probability ${r.watermark.falsePositiveProbability.toExponential(2)})${r.watermark.tracks.length ? `: tracks ${r.watermark.tracks.join(", ")}` : ""}`
        : `watermark    none of key ${r.watermark.keyId}`,
    );
  }
  for (const m of r.matches) out.push(`match        ${m.sha256} at ${m.offsetSeconds.toFixed(2)} s, ${m.matchedSeconds.toFixed(1)} s matched (p ${m.pValue.toExponential(1)})`);
  for (const rec of r.records) {
    out.push(`record       ${rec.sha256}: ${rec.kind}, registrant ${rec.registrant}${rec.styleId ? `, style ${rec.styleId} of ${rec.artist ?? "?"}` : ""}${rec.licenceId ? ` under licence ${rec.licenceId}` : ""}`);
    out.push(`  transaction ${rec.transactionHash} (block ${rec.blockNumber})${rec.batch ? `, Merkle batch ${rec.batch.root} (proof ${rec.batch.verifiedOnChain ? "accepted by the registry" : "REFUSED"})` : ""}`);
    out.push(`  manifest ${rec.manifestCid} ${rec.manifestVerified ? "verified" : "NOT verified"}${rec.cid ? `, audio ${rec.cid}` : ""}${rec.modelHash ? `, model ${rec.modelHash}` : ""}`);
  }
  for (const p of r.problems) out.push(`PROBLEM      ${p}`);
  for (const w of r.warnings) out.push(`warning      ${w}`);
  io.stdout(`${out.join("\n")}\n`);
}
