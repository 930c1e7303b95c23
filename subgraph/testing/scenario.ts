// A story on a fresh in-process EDR chain that emits every kind of event the subgraph indexes: styles and terms,
// bought, signed and revoked licences, a cancelled nonce, original/generated/derivative tracks, a Merkle batch with
// promotions, a listing that is withdrawn, a sale, its settlement, transfers, approvals, withdrawals, pauses, roles.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { network } from "hardhat";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import {
  keccak256,
  parseEther,
  sha256,
  stringToBytes,
  toHex,
  type Account,
  type Address,
  type Chain,
  type Hex,
  type PublicClient,
  type Transport,
  type WalletClient,
} from "viem";
import { deployContracts } from "../../server/src/chain/deploy-contracts.js";
import type { Deployment } from "../../server/src/chain/deployment.js";
import { soundmarkRegistryAbi } from "../../server/src/chain/abi/SoundmarkRegistry.js";
import { trackNFTAbi } from "../../server/src/chain/abi/TrackNFT.js";
import { LICENCE_GRANT_TYPES, licenceGrantDomain } from "../../server/src/chain/licence-grant.js";
import { TRACK_RECORD_LEAF_TYPES, TrackKind, recordValues, type TrackRecord } from "../../server/src/chain/track-record.js";

type Wallet = WalletClient<Transport, Chain, Account>;

export interface Scenario {
  publicClient: PublicClient;
  deployment: Deployment;
  /** The tracks the story registered, by name, with the records as sent. */
  tracks: Record<"own" | "generated" | "derivative" | "unstyled" | "batchedA" | "batchedB", TrackRecord>;
  batchRoot: Hex;
  accounts: { admin: Address; artist: Address; licensee: Address; second: Address; collector: Address; holder: Address };
  close(): Promise<void>;
}

const digest = (label: string): Hex => sha256(stringToBytes(label));

/** Runs the story; every transaction must succeed. */
export async function runScenario(): Promise<Scenario> {
  const connection = await network.connect();
  const publicClient = (await connection.viem.getPublicClient()) as unknown as PublicClient;
  const wallets = (await connection.viem.getWalletClients()) as unknown as Wallet[];
  const [admin, artist, licensee, second, collector, holder] = wallets;
  if (!admin || !artist || !licensee || !second || !collector || !holder) throw new Error("EDR has too few accounts");

  const { deployment } = await deployContracts({
    publicClient,
    walletClient: admin,
    deploymentsDir: await mkdtemp(path.join(tmpdir(), "subgraph-scenario-")),
  });
  const registry = deployment.contracts.SoundmarkRegistry.address;
  const nft = deployment.contracts.TrackNFT.address;

  const send = async (wallet: Wallet, hash: Promise<Hex>) => {
    const receipt = await publicClient.waitForTransactionReceipt({ hash: await hash });
    if (receipt.status !== "success") throw new Error(`transaction ${receipt.transactionHash} of ${wallet.account.address} reverted`);
    return receipt;
  };
  const reg = (wallet: Wallet, functionName: string, args: readonly unknown[], value?: bigint) =>
    send(wallet, wallet.writeContract({ address: registry, abi: soundmarkRegistryAbi, functionName, args, value } as never));
  const tok = (wallet: Wallet, functionName: string, args: readonly unknown[], value?: bigint) =>
    send(wallet, wallet.writeContract({ address: nft, abi: trackNFTAbi, functionName, args, value } as never));

  // Styles and terms.
  const termsV1 = { fee: parseEther("0.001"), royaltyBps: 1000, duration: 0, maxTracks: 5, commercial: true, derivatives: true, purchasable: true };
  const termsV2 = { fee: parseEther("0.002"), royaltyBps: 1500, duration: 30 * 86400, maxTracks: 0, commercial: true, derivatives: false, purchasable: true };
  await reg(artist, "registerStyle", ["ipfs://style-one", termsV1]);
  await reg(artist, "setStyleMetadata", [1n, "ipfs://style-one-v2"]);
  await reg(holder, "registerStyle", ["ipfs://style-two", { ...termsV1, purchasable: false, fee: 0n }]);

  // Licences: bought at v1, bought at v2 (then revoked), granted by signature; a cancelled nonce.
  await reg(licensee, "buyLicence", [1n, 1], termsV1.fee);
  await reg(artist, "setTerms", [1n, termsV2]);
  await reg(second, "buyLicence", [1n, 2], termsV2.fee);
  const now = (await publicClient.getBlock()).timestamp;
  const grant = {
    styleId: 1n,
    licensee: collector.account.address,
    expiresAt: Number(now + 86400n),
    maxTracks: 3,
    royaltyBps: 700,
    commercial: false,
    derivatives: true,
    nonce: 7n,
    deadline: now + 3600n,
  };
  const signature = await artist.signTypedData({
    domain: licenceGrantDomain(deployment.chainId, registry),
    types: LICENCE_GRANT_TYPES,
    primaryType: "LicenceGrant",
    message: grant,
  });
  await reg(holder, "grantLicenceBySig", [grant, signature]);
  await reg(artist, "cancelNonce", [99n]);

  // Tracks: the artist's own work, a generated track and a derivative of both under licence 1, an unstyled original.
  const record = (who: Wallet, label: string, kind: TrackKind, styleId: number, licenceId: bigint, parents: Hex[]): TrackRecord => ({
    contentHash: digest(`audio ${label}`),
    registrant: who.account.address,
    kind,
    styleId,
    licenceId,
    parents,
    manifestDigest: digest(`manifest ${label}`),
  });
  const own = record(artist, "own", TrackKind.Original, 1, 0n, []);
  const generated = record(licensee, "generated", TrackKind.Generated, 1, 1n, []);
  const derivative = record(licensee, "derivative", TrackKind.Derivative, 1, 1n, [own.contentHash, generated.contentHash]);
  const unstyled = record(collector, "unstyled", TrackKind.Original, 0, 0n, []);
  const register = (who: Wallet, r: TrackRecord) =>
    reg(who, "register", [r.contentHash, r.kind, r.styleId, r.licenceId, r.parents, r.manifestDigest]);
  await register(artist, own);
  await register(licensee, generated);
  await register(licensee, derivative);
  await register(collector, unstyled);

  // A Merkle batch of two records anchored by the licensee, both promoted (by someone else).
  const batchedA = record(licensee, "batched a", TrackKind.Generated, 1, 1n, []);
  const batchedB = record(licensee, "batched b", TrackKind.Derivative, 1, 1n, [derivative.contentHash]);
  const tree = StandardMerkleTree.of([recordValues(batchedA), recordValues(batchedB)] as unknown[][], [...TRACK_RECORD_LEAF_TYPES]);
  const batchRoot = tree.root as Hex;
  await reg(licensee, "anchorBatch", [batchRoot, 2, keccak256(toHex("batch file"))]);
  for (const [i, r] of [batchedA, batchedB].entries()) {
    await reg(holder, "promote", [batchRoot, { ...r, parents: [...r.parents] }, tree.getProof(i)]);
  }
  await reg(artist, "revokeLicence", [2n]);

  // Collectibles: list two tracks, withdraw one offer, sell and settle the other; approvals and a transfer.
  const tokenOf = (r: TrackRecord) => BigInt(r.contentHash);
  const asTuple = (r: TrackRecord) => ({ ...r, parents: [...r.parents] });
  await tok(licensee, "list", [asTuple(generated), parseEther("0.01")]);
  await tok(licensee, "list", [asTuple(derivative), parseEther("0.05")]);
  await tok(licensee, "list", [asTuple(derivative), parseEther("0.04")]);
  await tok(licensee, "delist", [tokenOf(derivative)]);
  await tok(collector, "mint", [tokenOf(generated), collector.account.address], parseEther("0.01"));
  await tok(second, "settle", [[tokenOf(generated)]]);
  await tok(collector, "approve", [second.account.address, tokenOf(generated)]);
  await tok(collector, "setApprovalForAll", [holder.account.address, true]);
  await tok(holder, "transferFrom", [collector.account.address, holder.account.address, tokenOf(generated)]);
  await tok(artist, "withdraw", [artist.account.address]);
  await tok(licensee, "withdraw", [second.account.address]);
  await reg(artist, "withdraw", [artist.account.address]);

  // Operations: both contracts paused and resumed; a pauser added to each, and removed from the registry.
  await tok(admin, "pause", []);
  await tok(admin, "unpause", []);
  await reg(admin, "pause", []);
  await reg(admin, "unpause", []);
  const pauser = keccak256(toHex("PAUSER_ROLE"));
  await reg(admin, "grantRole", [pauser, holder.account.address]);
  await reg(admin, "revokeRole", [pauser, holder.account.address]);
  await tok(admin, "grantRole", [pauser, second.account.address]);
  await tok(admin, "revokeRole", [pauser, second.account.address]);
  await tok(admin, "grantRole", [pauser, holder.account.address]);

  const address = (w: Wallet) => w.account.address.toLowerCase() as Address;
  return {
    publicClient,
    deployment,
    tracks: { own, generated, derivative, unstyled, batchedA, batchedB },
    batchRoot,
    accounts: {
      admin: address(admin),
      artist: address(artist),
      licensee: address(licensee),
      second: address(second),
      collector: address(collector),
      holder: address(holder),
    },
    close: () => connection.close(),
  };
}
