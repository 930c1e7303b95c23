/**
 * End to end on the in-process EDR network: from an artist's style to a collector's token and everyone paid.
 *
 * artist: registers a style and signs a licence grant for the generator (off-chain, no gas);
 * relayer: submits the signed grant (pays the gas, not the generator);
 * generator: registers an original parent and a track generated from it in the style, lists the track;
 * collector: mints it at the price;
 * keeper: settles the sale (anyone may);
 * artist and generator: withdraw their shares.
 * Every wei is accounted for: each balance moves by exactly its share of the price minus the gas it paid.
 *
 * Helpers live in this file on purpose: the node:test runner executes every .ts file under test/contracts.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { network } from "hardhat";
import type { WalletClient } from "@nomicfoundation/hardhat-viem/types";
import {
  getAddress,
  hashTypedData,
  hexToBigInt,
  parseEther,
  parseEventLogs,
  sha256,
  stringToBytes,
  type Address,
  type Hex,
  type TransactionReceipt,
} from "viem";
import { TrackKind, type TrackRecord } from "../../server/src/chain/track-record.js";
import { LICENCE_GRANT_TYPES, licenceGrantDomain, type LicenceGrant } from "../../server/src/chain/licence-grant.js";
import { rawCidFromDigest } from "../../server/src/ipfs/raw-cid.js";

const { viem, networkHelpers } = await network.connect();
const publicClient = await viem.getPublicClient();

const ROLES = ["admin", "artist", "generator", "collector", "relayer", "keeper"] as const;
type Role = (typeof ROLES)[number];
const wallets = await viem.getWalletClients();
const accounts = Object.fromEntries(
  ROLES.map((role, i) => {
    const wallet = wallets[i];
    if (wallet === undefined) throw new Error(`the network has no account #${i} for the ${role}`);
    return [role, wallet];
  }),
) as Record<Role, WalletClient>;
const { admin, artist, generator, collector, relayer, keeper } = accounts;
const actors = [artist, generator, collector, relayer, keeper] as const;

const addr = (wallet: WalletClient): Address => getAddress(wallet.account.address);

/** A fresh deployment of the registry and the NFT contract, by the admin (who takes no part in the story). */
async function deployFixture() {
  const registry = await viem.deployContract("SoundmarkRegistry", [admin.account.address]);
  const nft = await viem.deployContract("TrackNFT", [registry.address, admin.account.address]);
  return { registry, nft };
}

/** Gas paid by each actor, in wei, over the story. */
const gasPaid = new Map<Address, bigint>();

/** Waits for `wallet`'s transaction, checks it succeeded, and books its gas fee to `wallet`. */
async function by(wallet: WalletClient, hash: Promise<Hex>): Promise<TransactionReceipt> {
  const receipt = await publicClient.waitForTransactionReceipt({ hash: await hash });
  assert.equal(receipt.status, "success");
  assert.equal(getAddress(receipt.from), addr(wallet));
  gasPaid.set(addr(wallet), (gasPaid.get(addr(wallet)) ?? 0n) + receipt.gasUsed * receipt.effectiveGasPrice);
  return receipt;
}

describe("end-to-end: style, signed licence, derivative track, sale, settlement, withdrawals", () => {
  it("pays the artist its royalty and the generator the rest of the price, to the wei", async () => {
    const { registry, nft } = await networkHelpers.loadFixture(deployFixture);
    gasPaid.clear();
    const balanceBefore = new Map<Address, bigint>();
    for (const wallet of actors) {
      balanceBefore.set(addr(wallet), await publicClient.getBalance({ address: wallet.account.address }));
    }

    // 1. The artist registers a style. Its public terms sell licences without derivative rights.
    const publicTerms = {
      fee: parseEther("0.05"),
      royaltyBps: 1_000,
      duration: 0,
      maxTracks: 0,
      commercial: true,
      derivatives: false,
      purchasable: true,
    };
    const styleReceipt = await by(
      artist,
      registry.write.registerStyle(["ipfs://bafkreistylemetadata", publicTerms], { account: artist.account }),
    );
    const [styleRegistered] = parseEventLogs({ abi: registry.abi, eventName: "StyleRegistered", logs: styleReceipt.logs });
    assert.ok(styleRegistered);
    const styleId = styleRegistered.args.styleId;
    assert.equal(styleRegistered.args.artist, addr(artist));

    // 2. The artist signs a bespoke grant for the generator: commercial use, derivatives, 12.5% royalty, 10 tracks.
    //    Signing is off-chain and costs the artist nothing.
    const grant: LicenceGrant = {
      styleId,
      licensee: generator.account.address,
      expiresAt: 0,
      maxTracks: 10,
      royaltyBps: 1_250,
      commercial: true,
      derivatives: true,
      nonce: 1n,
      deadline: BigInt(await networkHelpers.time.latest()) + 86_400n,
    };
    const typedGrant = {
      domain: licenceGrantDomain(await publicClient.getChainId(), registry.address),
      types: LICENCE_GRANT_TYPES,
      primaryType: "LicenceGrant",
      message: grant,
    } as const;
    assert.equal(await registry.read.grantDigest([grant]), hashTypedData(typedGrant));
    const signature = await artist.signTypedData(typedGrant);

    // 3. A relayer submits the signed grant; the licence is issued to the generator, for no fee.
    const grantReceipt = await by(relayer, registry.write.grantLicenceBySig([grant, signature], { account: relayer.account }));
    const [issued] = parseEventLogs({ abi: registry.abi, eventName: "LicenceIssued", logs: grantReceipt.logs });
    assert.ok(issued);
    const licenceId = issued.args.licenceId;
    assert.equal(issued.args.licensee, addr(generator));
    assert.equal(issued.args.bySignature, true);
    assert.equal(issued.args.feePaid, 0n);
    assert.equal(await registry.read.isLicensed([styleId, generator.account.address]), true);
    assert.equal(await registry.read.nonceUsed([artist.account.address, grant.nonce]), true);

    // 4. The generator registers a human-made original (no style) as the parent...
    const parent: TrackRecord = {
      contentHash: sha256(stringToBytes("audio bytes of the original parent track")),
      registrant: generator.account.address,
      kind: TrackKind.Original,
      styleId: 0,
      licenceId: 0n,
      parents: [],
      manifestDigest: sha256(stringToBytes('{"title":"Parent","kind":"original"}')),
    };
    await by(
      generator,
      registry.write.register(
        [parent.contentHash, parent.kind, parent.styleId, parent.licenceId, parent.parents, parent.manifestDigest],
        { account: generator.account },
      ),
    );

    // ...and a track generated in the style from that parent, under the licence (a derivative use of it).
    const track: TrackRecord = {
      contentHash: sha256(stringToBytes("audio bytes of the generated derivative track")),
      registrant: generator.account.address,
      kind: TrackKind.Generated,
      styleId: Number(styleId),
      licenceId,
      parents: [parent.contentHash],
      manifestDigest: sha256(stringToBytes('{"title":"Derivative","kind":"generated","parents":1}')),
    };
    await by(
      generator,
      registry.write.register(
        [track.contentHash, track.kind, track.styleId, track.licenceId, track.parents, track.manifestDigest],
        { account: generator.account },
      ),
    );
    assert.equal(await registry.read.isRegistered([track]), true);
    assert.equal((await registry.read.licence([licenceId])).remaining, 9);

    // 5. The generator lists the track; the royalty terms come from the licence.
    const price = parseEther("0.2");
    const tokenId = hexToBigInt(track.contentHash);
    const listReceipt = await by(generator, nft.write.list([track, price], { account: generator.account }));
    const [listed] = parseEventLogs({ abi: nft.abi, eventName: "TrackListed", logs: listReceipt.logs });
    assert.deepEqual(listed?.args, {
      tokenId,
      registrant: addr(generator),
      price,
      artist: addr(artist),
      royaltyBps: 1_250,
    });

    // 6. A collector pays the price and mints the token.
    await by(collector, nft.write.mint([tokenId, collector.account.address], { account: collector.account, value: price }));
    assert.equal(await nft.read.ownerOf([tokenId]), addr(collector));
    assert.equal(await nft.read.tokenURI([tokenId]), `ipfs://${rawCidFromDigest(track.manifestDigest).toString()}`);
    assert.equal(await publicClient.getBalance({ address: nft.address }), price);

    // 7. A keeper settles the sale: 12.5% of 0.2 ETH to the artist, the rest to the generator.
    const artistShare = parseEther("0.025");
    const generatorShare = parseEther("0.175");
    assert.equal(artistShare + generatorShare, price);
    const settleReceipt = await by(keeper, nft.write.settle([[tokenId]], { account: keeper.account }));
    const [settled] = parseEventLogs({ abi: nft.abi, eventName: "SaleSettled", logs: settleReceipt.logs });
    assert.deepEqual(settled?.args, {
      tokenId,
      artist: addr(artist),
      artistShare,
      registrant: addr(generator),
      registrantShare: generatorShare,
    });

    // 8. The artist and the generator withdraw; the contract is left holding nothing.
    await by(artist, nft.write.withdraw([artist.account.address], { account: artist.account }));
    await by(generator, nft.write.withdraw([generator.account.address], { account: generator.account }));
    assert.equal(await publicClient.getBalance({ address: nft.address }), 0n);
    assert.equal(await publicClient.getBalance({ address: registry.address }), 0n);
    assert.equal(await nft.read.withdrawable([artist.account.address]), 0n);
    assert.equal(await nft.read.withdrawable([generator.account.address]), 0n);

    // 9. The books balance: every actor's balance moved by its share of the price minus the gas it paid.
    const proceeds = new Map<Address, bigint>([
      [addr(artist), artistShare],
      [addr(generator), generatorShare],
      [addr(collector), -price],
      [addr(relayer), 0n],
      [addr(keeper), 0n],
    ]);
    let totalChange = 0n;
    let totalGas = 0n;
    for (const wallet of actors) {
      const who = addr(wallet);
      const change = (await publicClient.getBalance({ address: who })) - (balanceBefore.get(who) ?? 0n);
      const gas = gasPaid.get(who) ?? 0n;
      assert.equal(change, (proceeds.get(who) ?? 0n) - gas, `balance change of ${who}`);
      totalChange += change;
      totalGas += gas;
    }
    assert.ok((gasPaid.get(addr(relayer)) ?? 0n) > 0n, "the relayer, not the generator, paid for the grant");
    assert.equal(totalChange, -totalGas, "no ether was created or lost: the price moved from collector to payees");

    // 10. On a resale at 1 ETH, ERC-2981 tells the marketplace to pay the artist 12.5%.
    assert.deepEqual(await nft.read.royaltyInfo([tokenId, parseEther("1")]), [addr(artist), parseEther("0.125")]);
  });
});
