/**
 * Behaviour of TrackNFT (contracts/tokens/TrackNFT.sol): listing registered tracks, minting them once, settling the
 * split between the style's artist and the registrant, pull-payment withdrawals, ERC-2981 royalties, token URIs
 * (the Solidity base32 CID encoder cross-checked against multiformats), interfaces and pausing.
 *
 * Helpers live in this file on purpose: the node:test runner executes every .ts file under test/contracts.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { network } from "hardhat";
import type { ContractReturnType, WalletClient } from "@nomicfoundation/hardhat-viem/types";
import {
  getAddress,
  hexToBigInt,
  keccak256,
  parseEther,
  parseEventLogs,
  toHex,
  zeroAddress,
  type Address,
  type Hex,
} from "viem";
import { TrackKind, hashTrackRecord, type TrackRecord } from "../../server/src/chain/track-record.js";
import { LICENCE_GRANT_TYPES, licenceGrantDomain, type LicenceGrant } from "../../server/src/chain/licence-grant.js";
import { rawCidFromDigest } from "../../server/src/ipfs/raw-cid.js";

const { viem, networkHelpers } = await network.connect();
const publicClient = await viem.getPublicClient();

type Registry = ContractReturnType<"SoundmarkRegistry">;
type Nft = ContractReturnType<"TrackNFT">;

const ROLES = ["admin", "artist", "generator", "collector", "stranger", "relayer"] as const;
type Role = (typeof ROLES)[number];
const wallets = await viem.getWalletClients();
const accounts = Object.fromEntries(
  ROLES.map((role, i) => {
    const wallet = wallets[i];
    if (wallet === undefined) throw new Error(`the network has no account #${i} for the ${role}`);
    return [role, wallet];
  }),
) as Record<Role, WalletClient>;
const { admin, artist, generator, collector, stranger, relayer } = accounts;

/** Checksummed address of a wallet: what viem decodes from events and errors. */
const addr = (wallet: WalletClient): Address => getAddress(wallet.account.address);

const BPS = 10_000n;
const PRICE = parseEther("0.1");
/** Royalty in the style's public terms (and so in licences bought on-chain while they hold). */
const TERMS_BPS = 1_000;
/** Royalty in the commercial licence the artist signs for the generator: deliberately not TERMS_BPS. */
const LICENCE_BPS = 1_500;
const STYLE_TERMS = {
  fee: parseEther("0.01"),
  royaltyBps: TERMS_BPS,
  duration: 0,
  maxTracks: 0,
  commercial: true,
  derivatives: true,
  purchasable: true,
};

let sequence = 0;
/** A fresh 32-byte value (the contracts need distinct hashes, not real SHA-256 digests). */
const freshHash = (label: string): Hex => keccak256(toHex(`${label}-${++sequence}`));
const tokenIdOf = (record: TrackRecord): bigint => hexToBigInt(record.contentHash);

/** Waits for a transaction and checks that it succeeded. */
async function confirm(hash: Promise<Hex>) {
  const receipt = await publicClient.waitForTransactionReceipt({ hash: await hash });
  assert.equal(receipt.status, "success");
  return receipt;
}

/** The artist signs a licence grant for `licensee`; the relayer submits it. Returns the new licence id. */
async function grantLicence(
  registry: Registry,
  styleId: bigint,
  licensee: WalletClient,
  terms: { royaltyBps: number; commercial: boolean; derivatives: boolean; expiresAt?: number },
): Promise<bigint> {
  const grant: LicenceGrant = {
    styleId,
    licensee: licensee.account.address,
    expiresAt: 0,
    maxTracks: 0,
    ...terms,
    nonce: BigInt(++sequence),
    deadline: BigInt(await networkHelpers.time.latest()) + 3_600n,
  };
  const signature = await artist.signTypedData({
    domain: licenceGrantDomain(await publicClient.getChainId(), registry.address),
    types: LICENCE_GRANT_TYPES,
    primaryType: "LicenceGrant",
    message: grant,
  });
  const receipt = await confirm(registry.write.grantLicenceBySig([grant, signature], { account: relayer.account }));
  const [issued] = parseEventLogs({ abi: registry.abi, eventName: "LicenceIssued", logs: receipt.logs });
  assert.ok(issued, "LicenceIssued was emitted");
  return issued.args.licenceId;
}

/** Registers a track whose registrant is `registrant`: a fresh unstyled original unless `fields` say otherwise. */
async function registerTrack(
  registry: Registry,
  registrant: WalletClient,
  fields: Partial<Omit<TrackRecord, "registrant">> = {},
): Promise<TrackRecord> {
  const record: TrackRecord = {
    contentHash: freshHash("content"),
    registrant: registrant.account.address,
    kind: TrackKind.Original,
    styleId: 0,
    licenceId: 0n,
    parents: [],
    manifestDigest: freshHash("manifest"),
    ...fields,
  };
  await confirm(
    registry.write.register(
      [record.contentHash, record.kind, record.styleId, record.licenceId, record.parents, record.manifestDigest],
      { account: registrant.account },
    ),
  );
  return record;
}

/** Lists `record` at `price` as its registrant. */
async function list(nft: Nft, record: TrackRecord, price: bigint, registrant: WalletClient = generator) {
  return confirm(nft.write.list([record, price], { account: registrant.account }));
}

/** Pays `price` from `payer` to mint the track's token to `payer`. */
async function mint(nft: Nft, record: TrackRecord, price: bigint, payer: WalletClient = collector) {
  return confirm(nft.write.mint([tokenIdOf(record), payer.account.address], { account: payer.account, value: price }));
}

/**
 * The registry, the NFT contract and one style (id 1, artist `artist`, terms TERMS_BPS) with two licences signed for
 * the generator, plus registered (not listed) tracks:
 * - `unstyled`: the generator's original with no style;
 * - `licensed`: the generator's generated track under the commercial licence (LICENCE_BPS);
 * - `artistOwn`: the artist's own original in the style, no licence;
 * - `nonCommercial`: the generator's generated track under the non-commercial licence;
 * - `derivative`: the generator's derivative of two parents under the commercial licence (every field non-trivial).
 */
async function deployFixture() {
  const registry = await viem.deployContract("SoundmarkRegistry", [admin.account.address]);
  const nft = await viem.deployContract("TrackNFT", [registry.address, admin.account.address]);

  await confirm(registry.write.registerStyle(["ipfs://style-metadata", STYLE_TERMS], { account: artist.account }));
  const styleId = 1;
  const commercialLicence = await grantLicence(registry, BigInt(styleId), generator, {
    royaltyBps: LICENCE_BPS,
    commercial: true,
    derivatives: true,
  });
  const nonCommercialLicence = await grantLicence(registry, BigInt(styleId), generator, {
    royaltyBps: 700,
    commercial: false,
    derivatives: true,
  });

  const unstyled = await registerTrack(registry, generator);
  const licensed = await registerTrack(registry, generator, {
    kind: TrackKind.Generated,
    styleId,
    licenceId: commercialLicence,
  });
  const artistOwn = await registerTrack(registry, artist, { kind: TrackKind.Original, styleId });
  const nonCommercial = await registerTrack(registry, generator, {
    kind: TrackKind.Generated,
    styleId,
    licenceId: nonCommercialLicence,
  });
  const secondParent = await registerTrack(registry, generator);
  const derivative = await registerTrack(registry, generator, {
    kind: TrackKind.Derivative,
    styleId,
    licenceId: commercialLicence,
    parents: [unstyled.contentHash, secondParent.contentHash],
  });

  return {
    registry,
    nft,
    styleId,
    commercialLicence,
    nonCommercialLicence,
    unstyled,
    licensed,
    artistOwn,
    nonCommercial,
    derivative,
  };
}

/** deployFixture with `licensed` listed at PRICE by the generator. */
async function listedFixture() {
  const fixture = await deployFixture();
  await list(fixture.nft, fixture.licensed, PRICE);
  return fixture;
}

/** listedFixture with `licensed` minted to the collector (sold, not settled). */
async function soldFixture() {
  const fixture = await listedFixture();
  await mint(fixture.nft, fixture.licensed, PRICE);
  return fixture;
}

describe("TrackNFT", () => {
  describe("list", () => {
    it("stores the listing and emits TrackListed with the licence's artist and royalty for a licensed track", async () => {
      const { nft, licensed } = await networkHelpers.loadFixture(deployFixture);
      const tokenId = tokenIdOf(licensed);

      await viem.assertions.emitWithArgs(
        nft.write.list([licensed, PRICE], { account: generator.account }),
        nft,
        "TrackListed",
        [tokenId, addr(generator), PRICE, addr(artist), LICENCE_BPS],
      );
      assert.deepEqual(await nft.read.listing([tokenId]), {
        registrant: addr(generator),
        price: PRICE,
        manifestDigest: licensed.manifestDigest,
        artist: addr(artist),
        royaltyBps: LICENCE_BPS,
        settled: false,
      });
    });

    it("keeps the licence's royalty snapshot when the style's terms change later", async () => {
      const { registry, nft, styleId, licensed } = await networkHelpers.loadFixture(deployFixture);
      await confirm(
        registry.write.setTerms([BigInt(styleId), { ...STYLE_TERMS, royaltyBps: 4_000 }], { account: artist.account }),
      );

      await viem.assertions.emitWithArgs(
        nft.write.list([licensed, PRICE], { account: generator.account }),
        nft,
        "TrackListed",
        [tokenIdOf(licensed), addr(generator), PRICE, addr(artist), LICENCE_BPS],
      );
    });

    it("uses the royalty a bought licence snapshotted at purchase, not the terms in force when listing", async () => {
      const { registry, nft, styleId } = await networkHelpers.loadFixture(deployFixture);
      await confirm(registry.write.buyLicence([BigInt(styleId), (await registry.read.style([BigInt(styleId)]))[2]], { account: generator.account, value: STYLE_TERMS.fee }));
      const bought = 3n; // the third licence issued (two were granted in the fixture)
      assert.equal((await registry.read.licence([bought])).licensee, addr(generator));
      const track = await registerTrack(registry, generator, { kind: TrackKind.Generated, styleId, licenceId: bought });
      await confirm(
        registry.write.setTerms([BigInt(styleId), { ...STYLE_TERMS, royaltyBps: 2_500 }], { account: artist.account }),
      );

      await list(nft, track, PRICE);

      const listing = await nft.read.listing([tokenIdOf(track)]);
      assert.equal(listing.artist, addr(artist));
      assert.equal(listing.royaltyBps, TERMS_BPS);
    });

    it("takes the artist and royalty from the style's current terms for the artist's own styled track", async () => {
      const { registry, nft, styleId, artistOwn } = await networkHelpers.loadFixture(deployFixture);
      const tokenId = tokenIdOf(artistOwn);

      await viem.assertions.emitWithArgs(
        nft.write.list([artistOwn, PRICE], { account: artist.account }),
        nft,
        "TrackListed",
        [tokenId, addr(artist), PRICE, addr(artist), TERMS_BPS],
      );

      await confirm(
        registry.write.setTerms([BigInt(styleId), { ...STYLE_TERMS, royaltyBps: 2_500 }], { account: artist.account }),
      );
      await viem.assertions.emitWithArgs(
        nft.write.list([artistOwn, PRICE], { account: artist.account }),
        nft,
        "TrackListed",
        [tokenId, addr(artist), PRICE, addr(artist), 2_500],
      );
    });

    it("names the registrant as artist with no royalty for an unstyled track", async () => {
      const { nft, unstyled } = await networkHelpers.loadFixture(deployFixture);

      await viem.assertions.emitWithArgs(
        nft.write.list([unstyled, PRICE], { account: generator.account }),
        nft,
        "TrackListed",
        [tokenIdOf(unstyled), addr(generator), PRICE, addr(generator), 0],
      );
      const listing = await nft.read.listing([tokenIdOf(unstyled)]);
      assert.equal(listing.artist, addr(generator));
      assert.equal(listing.royaltyBps, 0);
    });

    it("lets the registrant relist, the new price overriding the old one", async () => {
      const { nft, licensed } = await networkHelpers.loadFixture(listedFixture);
      const tokenId = tokenIdOf(licensed);
      const newPrice = PRICE * 2n;

      await list(nft, licensed, newPrice);

      assert.equal((await nft.read.listing([tokenId])).price, newPrice);
      await viem.assertions.revertWithCustomErrorWithArgs(
        nft.write.mint([tokenId, collector.account.address], { account: collector.account, value: PRICE }),
        nft,
        "TrackNFTWrongPrice",
        [tokenId, newPrice, PRICE],
      );
      await mint(nft, licensed, newPrice);
      assert.equal(await nft.read.ownerOf([tokenId]), addr(collector));
    });

    it("refuses anyone but the registrant, even with the exact registered record", async () => {
      const { nft, licensed } = await networkHelpers.loadFixture(deployFixture);

      await viem.assertions.revertWithCustomErrorWithArgs(
        nft.write.list([licensed, PRICE], { account: stranger.account }),
        nft,
        "TrackNFTNotRegistrant",
        [licensed.contentHash, addr(stranger)],
      );
    });

    it("refuses a record that was never registered", async () => {
      const { nft } = await networkHelpers.loadFixture(deployFixture);
      const unregistered: TrackRecord = {
        contentHash: freshHash("unregistered"),
        registrant: generator.account.address,
        kind: TrackKind.Original,
        styleId: 0,
        licenceId: 0n,
        parents: [],
        manifestDigest: freshHash("manifest"),
      };

      await viem.assertions.revertWithCustomErrorWithArgs(
        nft.write.list([unregistered, PRICE], { account: generator.account }),
        nft,
        "TrackNFTUnknownRecord",
        [unregistered.contentHash],
      );
    });

    const alterations: [string, (record: TrackRecord, other: Hex) => TrackRecord][] = [
      ["a different kind", (r) => ({ ...r, kind: TrackKind.Generated })],
      ["a different style", (r) => ({ ...r, styleId: r.styleId + 1 })],
      ["no style", (r) => ({ ...r, styleId: 0, licenceId: 0n })],
      ["a different licence", (r) => ({ ...r, licenceId: r.licenceId + 1n })],
      ["no licence", (r) => ({ ...r, licenceId: 0n })],
      ["its parents in another order", (r) => ({ ...r, parents: [...r.parents].reverse() })],
      ["a parent left out", (r) => ({ ...r, parents: r.parents.slice(1) })],
      ["a parent added", (r, other) => ({ ...r, parents: [...r.parents, other] })],
      ["another manifest digest", (r, other) => ({ ...r, manifestDigest: other })],
    ];
    for (const [what, alter] of alterations) {
      it(`refuses the registered record altered to have ${what}`, async () => {
        const { nft, derivative } = await networkHelpers.loadFixture(deployFixture);
        const altered = alter(derivative, freshHash("other"));
        assert.notEqual(hashTrackRecord(altered), hashTrackRecord(derivative));

        await viem.assertions.revertWithCustomErrorWithArgs(
          nft.write.list([altered, PRICE], { account: generator.account }),
          nft,
          "TrackNFTUnknownRecord",
          [derivative.contentHash],
        );
      });
    }

    it("refuses the registered record altered to name the caller as registrant", async () => {
      const { nft, derivative } = await networkHelpers.loadFixture(deployFixture);

      await viem.assertions.revertWithCustomErrorWithArgs(
        nft.write.list([{ ...derivative, registrant: stranger.account.address }, PRICE], { account: stranger.account }),
        nft,
        "TrackNFTUnknownRecord",
        [derivative.contentHash],
      );
    });

    it("accepts the unaltered derivative record with all its fields", async () => {
      const { nft, derivative } = await networkHelpers.loadFixture(deployFixture);

      await viem.assertions.emitWithArgs(
        nft.write.list([derivative, PRICE], { account: generator.account }),
        nft,
        "TrackListed",
        [tokenIdOf(derivative), addr(generator), PRICE, addr(artist), LICENCE_BPS],
      );
    });

    it("refuses a track whose licence the artist revoked", async () => {
      const { registry, nft, licensed, commercialLicence } = await networkHelpers.loadFixture(deployFixture);
      await confirm(registry.write.revokeLicence([commercialLicence], { account: artist.account }));

      await viem.assertions.revertWithCustomErrorWithArgs(
        nft.write.list([licensed, PRICE], { account: generator.account }),
        nft,
        "TrackNFTLicenceRevoked",
        [commercialLicence],
      );
    });

    it("still lists a track made under a licence that has since expired", async () => {
      const { registry, nft, styleId } = await networkHelpers.loadFixture(deployFixture);
      const expiresAt = (await networkHelpers.time.latest()) + 3600;
      const shortLicence = await grantLicence(registry, BigInt(styleId), generator, {
        royaltyBps: LICENCE_BPS,
        commercial: true,
        derivatives: false,
        expiresAt,
      });
      const made = await registerTrack(registry, generator, { kind: TrackKind.Generated, styleId, licenceId: shortLicence });
      await networkHelpers.time.increaseTo(expiresAt + 10);

      await viem.assertions.emit(nft.write.list([made, PRICE], { account: generator.account }), nft, "TrackListed");
    });

    it("refuses a track registered under a licence that does not allow commercial use", async () => {
      const { nft, nonCommercial, nonCommercialLicence } = await networkHelpers.loadFixture(deployFixture);

      await viem.assertions.revertWithCustomErrorWithArgs(
        nft.write.list([nonCommercial, PRICE], { account: generator.account }),
        nft,
        "TrackNFTNotCommercial",
        [nonCommercialLicence],
      );
    });

    it("refuses to relist a track that was already minted", async () => {
      const { nft, licensed } = await networkHelpers.loadFixture(soldFixture);

      await viem.assertions.revertWithCustomErrorWithArgs(
        nft.write.list([licensed, PRICE * 3n], { account: generator.account }),
        nft,
        "TrackNFTAlreadyMinted",
        [tokenIdOf(licensed)],
      );
      assert.equal((await nft.read.listing([tokenIdOf(licensed)])).price, PRICE);
    });
  });

  describe("delist", () => {
    it("removes the listing, emits TrackDelisted, and stops minting", async () => {
      const { nft, licensed } = await networkHelpers.loadFixture(listedFixture);
      const tokenId = tokenIdOf(licensed);

      await viem.assertions.emitWithArgs(
        nft.write.delist([tokenId], { account: generator.account }),
        nft,
        "TrackDelisted",
        [tokenId],
      );
      assert.deepEqual(await nft.read.listing([tokenId]), {
        registrant: zeroAddress,
        price: 0n,
        manifestDigest: toHex(0n, { size: 32 }),
        artist: zeroAddress,
        royaltyBps: 0,
        settled: false,
      });
      await viem.assertions.revertWithCustomErrorWithArgs(
        nft.write.mint([tokenId, collector.account.address], { account: collector.account, value: PRICE }),
        nft,
        "TrackNFTNotListed",
        [tokenId],
      );
    });

    it("lets the registrant list again after delisting", async () => {
      const { nft, licensed } = await networkHelpers.loadFixture(listedFixture);
      await confirm(nft.write.delist([tokenIdOf(licensed)], { account: generator.account }));

      await list(nft, licensed, PRICE / 2n);
      await mint(nft, licensed, PRICE / 2n);

      assert.equal(await nft.read.ownerOf([tokenIdOf(licensed)]), addr(collector));
    });

    it("refuses anyone but the registrant", async () => {
      const { nft, licensed } = await networkHelpers.loadFixture(listedFixture);
      const tokenId = tokenIdOf(licensed);

      await viem.assertions.revertWithCustomErrorWithArgs(
        nft.write.delist([tokenId], { account: stranger.account }),
        nft,
        "TrackNFTNotRegistrant",
        [licensed.contentHash, addr(stranger)],
      );
      assert.equal((await nft.read.listing([tokenId])).price, PRICE);
    });

    it("refuses a track that is not listed", async () => {
      const { nft, unstyled } = await networkHelpers.loadFixture(listedFixture);

      await viem.assertions.revertWithCustomErrorWithArgs(
        nft.write.delist([tokenIdOf(unstyled)], { account: generator.account }),
        nft,
        "TrackNFTNotListed",
        [tokenIdOf(unstyled)],
      );
    });

    it("refuses a track that was already minted", async () => {
      const { nft, licensed } = await networkHelpers.loadFixture(soldFixture);

      await viem.assertions.revertWithCustomErrorWithArgs(
        nft.write.delist([tokenIdOf(licensed)], { account: generator.account }),
        nft,
        "TrackNFTAlreadyMinted",
        [tokenIdOf(licensed)],
      );
    });
  });

  describe("mint", () => {
    it("mints the token to the recipient, emitting TrackSold and Transfer", async () => {
      const { nft, licensed } = await networkHelpers.loadFixture(listedFixture);
      const tokenId = tokenIdOf(licensed);
      const hash = nft.write.mint([tokenId, stranger.account.address], { account: collector.account, value: PRICE });
      const receipt = await confirm(hash);

      await viem.assertions.emitWithArgs(receipt.transactionHash, nft, "TrackSold", [
        tokenId,
        addr(stranger),
        PRICE,
      ]);
      await viem.assertions.emitWithArgs(receipt.transactionHash, nft, "Transfer", [
        zeroAddress,
        addr(stranger),
        tokenId,
      ]);
      assert.equal(await nft.read.ownerOf([tokenId]), addr(stranger));
      assert.equal(await nft.read.balanceOf([stranger.account.address]), 1n);
      assert.equal(await nft.read.balanceOf([collector.account.address]), 0n);
    });

    it("moves exactly the price from the payer into the contract, paying no one yet", async () => {
      const { nft, licensed } = await networkHelpers.loadFixture(listedFixture);

      await viem.assertions.balancesHaveChanged(
        nft.write.mint([tokenIdOf(licensed), collector.account.address], { account: collector.account, value: PRICE }),
        [
          { address: collector.account.address, amount: -PRICE },
          { address: nft.address, amount: PRICE },
          { address: generator.account.address, amount: 0n },
          { address: artist.account.address, amount: 0n },
        ],
      );
      assert.equal(await nft.read.withdrawable([generator.account.address]), 0n);
      assert.equal(await nft.read.withdrawable([artist.account.address]), 0n);
    });

    for (const [what, sent] of [
      ["less than", PRICE - 1n],
      ["more than", PRICE + 1n],
      ["nothing instead of", 0n],
    ] as const) {
      it(`refuses a payment of ${what} the price`, async () => {
        const { nft, licensed } = await networkHelpers.loadFixture(listedFixture);
        const tokenId = tokenIdOf(licensed);

        await viem.assertions.revertWithCustomErrorWithArgs(
          nft.write.mint([tokenId, collector.account.address], { account: collector.account, value: sent }),
          nft,
          "TrackNFTWrongPrice",
          [tokenId, PRICE, sent],
        );
        await viem.assertions.revertWithCustomErrorWithArgs(nft.read.ownerOf([tokenId]), nft, "ERC721NonexistentToken", [
          tokenId,
        ]);
      });
    }

    it("refuses a track that is not listed", async () => {
      const { nft, unstyled } = await networkHelpers.loadFixture(listedFixture);

      await viem.assertions.revertWithCustomErrorWithArgs(
        nft.write.mint([tokenIdOf(unstyled), collector.account.address], { account: collector.account, value: 0n }),
        nft,
        "TrackNFTNotListed",
        [tokenIdOf(unstyled)],
      );
    });

    it("mints a token only once: a second mint at the price fails", async () => {
      const { nft, licensed } = await networkHelpers.loadFixture(soldFixture);

      await viem.assertions.revertWithCustomErrorWithArgs(
        nft.write.mint([tokenIdOf(licensed), stranger.account.address], { account: stranger.account, value: PRICE }),
        nft,
        "TrackNFTAlreadyMinted",
        [tokenIdOf(licensed)],
      );
      assert.equal(await nft.read.ownerOf([tokenIdOf(licensed)]), addr(collector));
    });

    it("mints a free listing (price 0) for no payment, and refuses a payment for it", async () => {
      const { nft, unstyled } = await networkHelpers.loadFixture(deployFixture);
      const tokenId = tokenIdOf(unstyled);
      await list(nft, unstyled, 0n);

      await viem.assertions.revertWithCustomErrorWithArgs(
        nft.write.mint([tokenId, collector.account.address], { account: collector.account, value: 1n }),
        nft,
        "TrackNFTWrongPrice",
        [tokenId, 0n, 1n],
      );
      await viem.assertions.emitWithArgs(
        nft.write.mint([tokenId, collector.account.address], { account: collector.account, value: 0n }),
        nft,
        "TrackSold",
        [tokenId, addr(collector), 0n],
      );
      assert.equal(await nft.read.ownerOf([tokenId]), addr(collector));
    });

    it("reverts with ERC721InvalidReceiver when minting to a contract without onERC721Received", async () => {
      const { registry, nft, licensed } = await networkHelpers.loadFixture(listedFixture);

      await viem.assertions.revertWithCustomErrorWithArgs(
        nft.write.mint([tokenIdOf(licensed), registry.address], { account: collector.account, value: PRICE }),
        nft,
        "ERC721InvalidReceiver",
        [registry.address],
      );
      assert.equal(await publicClient.getBalance({ address: nft.address }), 0n);
    });

    it("reverts with ERC721InvalidReceiver when minting to the zero address", async () => {
      const { nft, licensed } = await networkHelpers.loadFixture(listedFixture);

      await viem.assertions.revertWithCustomErrorWithArgs(
        nft.write.mint([tokenIdOf(licensed), zeroAddress], { account: collector.account, value: PRICE }),
        nft,
        "ERC721InvalidReceiver",
        [zeroAddress],
      );
    });
  });

  describe("settle", () => {
    it("lets anyone credit the artist price * royaltyBps / 10000 and the registrant the rest", async () => {
      const { nft, licensed } = await networkHelpers.loadFixture(soldFixture);
      const tokenId = tokenIdOf(licensed);
      const artistShare = (PRICE * BigInt(LICENCE_BPS)) / BPS;
      const registrantShare = PRICE - artistShare;
      assert.equal(artistShare, parseEther("0.015"));

      const receipt = await confirm(nft.write.settle([[tokenId]], { account: stranger.account }));

      const settled = parseEventLogs({ abi: nft.abi, eventName: "SaleSettled", logs: receipt.logs });
      assert.deepEqual(
        settled.map((log) => log.args),
        [{ tokenId, artist: addr(artist), artistShare, registrant: addr(generator), registrantShare }],
      );
      const credited = parseEventLogs({ abi: nft.abi, eventName: "PaymentCredited", logs: receipt.logs });
      assert.deepEqual(
        credited.map((log) => log.args),
        [
          { payee: addr(artist), amount: artistShare },
          { payee: addr(generator), amount: registrantShare },
        ],
      );
      assert.equal(await nft.read.withdrawable([artist.account.address]), artistShare);
      assert.equal(await nft.read.withdrawable([generator.account.address]), registrantShare);
      assert.equal((await nft.read.listing([tokenId])).settled, true);
    });

    it("moves no ether: the proceeds stay in the contract until withdrawn", async () => {
      const { nft, licensed } = await networkHelpers.loadFixture(soldFixture);

      await viem.assertions.balancesHaveChanged(
        nft.write.settle([[tokenIdOf(licensed)]], { account: stranger.account }),
        [
          { address: nft.address, amount: 0n },
          { address: artist.account.address, amount: 0n },
          { address: generator.account.address, amount: 0n },
        ],
      );
    });

    it("rounds the artist's share down and gives the remainder to the registrant", async () => {
      const { nft, licensed } = await networkHelpers.loadFixture(deployFixture);
      const price = 999n; // 999 * 1500 / 10000 = 149.85
      await list(nft, licensed, price);
      await mint(nft, licensed, price);

      await viem.assertions.emitWithArgs(
        nft.write.settle([[tokenIdOf(licensed)]], { account: stranger.account }),
        nft,
        "SaleSettled",
        [tokenIdOf(licensed), addr(artist), 149n, addr(generator), 850n],
      );
      assert.equal(await nft.read.withdrawable([artist.account.address]), 149n);
      assert.equal(await nft.read.withdrawable([generator.account.address]), 850n);
    });

    it("credits nothing to an artist whose share rounds to zero (no PaymentCredited for it)", async () => {
      const { nft, licensed } = await networkHelpers.loadFixture(deployFixture);
      await list(nft, licensed, 6n); // 6 * 1500 / 10000 = 0.9
      await mint(nft, licensed, 6n);

      const receipt = await confirm(nft.write.settle([[tokenIdOf(licensed)]], { account: stranger.account }));

      const credited = parseEventLogs({ abi: nft.abi, eventName: "PaymentCredited", logs: receipt.logs });
      assert.deepEqual(
        credited.map((log) => log.args),
        [{ payee: addr(generator), amount: 6n }],
      );
      assert.equal(await nft.read.withdrawable([artist.account.address]), 0n);
    });

    it("settles a free mint with zero shares and no credits", async () => {
      const { nft, unstyled } = await networkHelpers.loadFixture(deployFixture);
      await list(nft, unstyled, 0n);
      await mint(nft, unstyled, 0n);

      const receipt = await confirm(nft.write.settle([[tokenIdOf(unstyled)]], { account: stranger.account }));

      assert.deepEqual(
        parseEventLogs({ abi: nft.abi, eventName: "SaleSettled", logs: receipt.logs }).map((log) => log.args),
        [{ tokenId: tokenIdOf(unstyled), artist: addr(generator), artistShare: 0n, registrant: addr(generator), registrantShare: 0n }],
      );
      assert.equal(parseEventLogs({ abi: nft.abi, eventName: "PaymentCredited", logs: receipt.logs }).length, 0);
      assert.equal((await nft.read.listing([tokenIdOf(unstyled)])).settled, true);
    });

    it("skips a sale already settled, crediting it once (a settled token cannot block a batch)", async () => {
      const { nft, licensed } = await networkHelpers.loadFixture(soldFixture);
      const tokenId = tokenIdOf(licensed);
      await confirm(nft.write.settle([[tokenId]], { account: stranger.account }));
      const hash = await nft.write.settle([[tokenId]], { account: stranger.account });
      const receipt = await publicClient.waitForTransactionReceipt({ hash });
      assert.equal(receipt.status, "success");
      assert.equal(receipt.logs.length, 0);
      assert.equal(await nft.read.withdrawable([artist.account.address]), (PRICE * BigInt(LICENCE_BPS)) / BPS);
    });

    it("refuses to settle a listed token that was not sold", async () => {
      const { nft, licensed } = await networkHelpers.loadFixture(listedFixture);

      await viem.assertions.revertWithCustomErrorWithArgs(
        nft.write.settle([[tokenIdOf(licensed)]], { account: stranger.account }),
        nft,
        "TrackNFTNotSettleable",
        [tokenIdOf(licensed)],
      );
    });

    it("refuses to settle a token that was never listed", async () => {
      const { nft, unstyled } = await networkHelpers.loadFixture(deployFixture);

      await viem.assertions.revertWithCustomErrorWithArgs(
        nft.write.settle([[tokenIdOf(unstyled)]], { account: stranger.account }),
        nft,
        "TrackNFTNotSettleable",
        [tokenIdOf(unstyled)],
      );
    });

    it("settles a batch of sales in one call, crediting each payee the sum of its shares", async () => {
      const { nft, licensed, artistOwn, unstyled } = await networkHelpers.loadFixture(deployFixture);
      const sales = [
        { record: licensed, registrant: generator, price: parseEther("1"), artistShare: parseEther("0.15") },
        { record: artistOwn, registrant: artist, price: parseEther("0.3"), artistShare: parseEther("0.03") },
        { record: unstyled, registrant: generator, price: parseEther("0.05"), artistShare: 0n },
      ];
      for (const sale of sales) {
        await list(nft, sale.record, sale.price, sale.registrant);
        await mint(nft, sale.record, sale.price);
      }

      const receipt = await confirm(
        nft.write.settle([sales.map((sale) => tokenIdOf(sale.record))], { account: stranger.account }),
      );

      const settled = parseEventLogs({ abi: nft.abi, eventName: "SaleSettled", logs: receipt.logs });
      assert.deepEqual(
        settled.map((log) => [log.args.tokenId, log.args.artistShare, log.args.registrantShare]),
        sales.map((sale) => [tokenIdOf(sale.record), sale.artistShare, sale.price - sale.artistShare]),
      );
      // The artist earns 0.15 on the licensed track and all 0.3 of its own track (artist and registrant there).
      assert.equal(await nft.read.withdrawable([artist.account.address]), parseEther("0.45"));
      assert.equal(await nft.read.withdrawable([generator.account.address]), parseEther("0.9"));
      assert.equal(await publicClient.getBalance({ address: nft.address }), parseEther("1.35"));
      for (const sale of sales) assert.equal((await nft.read.listing([tokenIdOf(sale.record)])).settled, true);
    });

    it("settles nothing when one token of a batch is not settleable", async () => {
      const { nft, licensed, unstyled } = await networkHelpers.loadFixture(soldFixture);
      await list(nft, unstyled, PRICE);

      await viem.assertions.revertWithCustomErrorWithArgs(
        nft.write.settle([[tokenIdOf(licensed), tokenIdOf(unstyled)]], { account: stranger.account }),
        nft,
        "TrackNFTNotSettleable",
        [tokenIdOf(unstyled)],
      );
      assert.equal((await nft.read.listing([tokenIdOf(licensed)])).settled, false);
      assert.equal(await nft.read.withdrawable([generator.account.address]), 0n);
    });

    it("credits a sale named twice in one batch once", async () => {
      const { nft, licensed } = await networkHelpers.loadFixture(soldFixture);
      await confirm(nft.write.settle([[tokenIdOf(licensed), tokenIdOf(licensed)]], { account: stranger.account }));
      assert.equal(await nft.read.withdrawable([artist.account.address]), (PRICE * BigInt(LICENCE_BPS)) / BPS);
    });
  });

  describe("withdraw", () => {
    /** soldFixture, settled: the artist and the generator have credits. */
    async function settledFixture() {
      const fixture = await soldFixture();
      await confirm(fixture.nft.write.settle([[tokenIdOf(fixture.licensed)]], { account: stranger.account }));
      return fixture;
    }
    const registrantShare = PRICE - (PRICE * BigInt(LICENCE_BPS)) / BPS;

    it("sends the payee's whole credit to itself and zeroes the credit", async () => {
      const { nft } = await networkHelpers.loadFixture(settledFixture);

      await viem.assertions.balancesHaveChanged(
        nft.write.withdraw([generator.account.address], { account: generator.account }),
        [
          { address: generator.account.address, amount: registrantShare },
          { address: nft.address, amount: -registrantShare },
        ],
      );
      assert.equal(await nft.read.withdrawable([generator.account.address]), 0n);
    });

    it("sends the credit to another recipient and emits PaymentWithdrawn", async () => {
      const { nft } = await networkHelpers.loadFixture(settledFixture);
      const hash = nft.write.withdraw([stranger.account.address], { account: generator.account });

      await viem.assertions.balancesHaveChanged(hash, [
        { address: stranger.account.address, amount: registrantShare },
        { address: generator.account.address, amount: 0n },
        { address: nft.address, amount: -registrantShare },
      ]);
      await viem.assertions.emitWithArgs(hash, nft, "PaymentWithdrawn", [
        addr(generator),
        addr(stranger),
        registrantShare,
      ]);
    });

    it("refuses to withdraw to the zero address, keeping the credit", async () => {
      const { nft } = await networkHelpers.loadFixture(settledFixture);
      const before = await nft.read.withdrawable([generator.account.address]);
      await viem.assertions.revertWithCustomError(
        nft.write.withdraw([zeroAddress], { account: generator.account }),
        nft,
        "PullPaymentsZeroRecipient",
      );
      assert.equal(await nft.read.withdrawable([generator.account.address]), before);
    });

    it("refuses a second withdrawal, and one by an account with no credit", async () => {
      const { nft } = await networkHelpers.loadFixture(settledFixture);
      await confirm(nft.write.withdraw([generator.account.address], { account: generator.account }));

      await viem.assertions.revertWithCustomErrorWithArgs(
        nft.write.withdraw([generator.account.address], { account: generator.account }),
        nft,
        "PullPaymentsNothingToWithdraw",
        [addr(generator)],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        nft.write.withdraw([collector.account.address], { account: collector.account }),
        nft,
        "PullPaymentsNothingToWithdraw",
        [addr(collector)],
      );
    });

    it("keeps the credit when the recipient refuses the ether", async () => {
      const { registry, nft } = await networkHelpers.loadFixture(settledFixture);

      await viem.assertions.revertWithCustomErrorWithArgs(
        nft.write.withdraw([registry.address], { account: generator.account }),
        nft,
        "PullPaymentsTransferFailed",
        [registry.address, registrantShare],
      );
      assert.equal(await nft.read.withdrawable([generator.account.address]), registrantShare);
    });
  });

  describe("royaltyInfo (ERC-2981)", () => {
    it("pays the licence's royalty to the artist on a resale price", async () => {
      const { nft, licensed } = await networkHelpers.loadFixture(soldFixture);

      assert.deepEqual(await nft.read.royaltyInfo([tokenIdOf(licensed), parseEther("2")]), [
        addr(artist),
        parseEther("0.3"),
      ]);
      assert.deepEqual(await nft.read.royaltyInfo([tokenIdOf(licensed), 999n]), [addr(artist), 149n]);
    });

    it("pays the style's terms royalty to the artist for its own track", async () => {
      const { nft, artistOwn } = await networkHelpers.loadFixture(deployFixture);
      await list(nft, artistOwn, PRICE, artist);
      await mint(nft, artistOwn, PRICE);

      assert.deepEqual(await nft.read.royaltyInfo([tokenIdOf(artistOwn), parseEther("1")]), [
        addr(artist),
        parseEther("0.1"),
      ]);
    });

    it("pays no royalty for an unstyled track", async () => {
      const { nft, unstyled } = await networkHelpers.loadFixture(deployFixture);
      await list(nft, unstyled, PRICE);
      await mint(nft, unstyled, PRICE);

      assert.deepEqual(await nft.read.royaltyInfo([tokenIdOf(unstyled), parseEther("1")]), [addr(generator), 0n]);
    });

    it("reports no receiver and no royalty for a token that was never listed", async () => {
      const { nft, unstyled } = await networkHelpers.loadFixture(deployFixture);

      assert.deepEqual(await nft.read.royaltyInfo([tokenIdOf(unstyled), parseEther("1")]), [zeroAddress, 0n]);
    });
  });

  describe("tokenURI", () => {
    const digests: [string, Hex][] = [
      ["the all-ones digest 0xff..ff", `0x${"ff".repeat(32)}`],
      ["the digest 0x00..01", `0x${"00".repeat(31)}01`],
      ["the digest 0x80..00", `0x80${"00".repeat(31)}`],
      ["an alternating digest 0x5555..", `0x${"55".repeat(32)}`],
      ["an alternating digest 0xaaaa..", `0x${"aa".repeat(32)}`],
      ...Array.from({ length: 8 }, (_, i): [string, Hex] => [`pseudo-random digest #${i + 1}`, keccak256(toHex(`digest-${i}`))]),
    ];
    for (const [what, manifestDigest] of digests) {
      it(`is ipfs:// + the raw CIDv1 that multiformats computes, for ${what}`, async () => {
        const { registry, nft } = await networkHelpers.loadFixture(deployFixture);
        const track = await registerTrack(registry, generator, { manifestDigest });
        await list(nft, track, 0n);
        await mint(nft, track, 0n);

        const expected = `ipfs://${rawCidFromDigest(manifestDigest).toString()}`;
        assert.match(expected, /^ipfs:\/\/bafkrei[a-z2-7]{52}$/);
        assert.equal(await nft.read.tokenURI([tokenIdOf(track)]), expected);
      });
    }

    it("is ipfs:// + the raw CIDv1 of the all-zero digest (via a stub registry: the real one refuses it)", async () => {
      const { registry } = await networkHelpers.loadFixture(deployFixture);
      const zero: Hex = toHex(0n, { size: 32 });
      await viem.assertions.revertWithCustomError(
        registry.write.register([freshHash("content"), TrackKind.Original, 0, 0n, [], zero], {
          account: generator.account,
        }),
        registry,
        "TrackRegistryInvalidRecord",
      );

      // A stub registry whose every call returns storage slot 0: PUSH1 0 SLOAD PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN.
      // For an unstyled record, `recordHashOf` is the only registry call TrackNFT makes.
      const stub: Address = "0x5700000000000000000000000000000000000001";
      await networkHelpers.setCode(stub, "0x60005460005260206000f3");
      const nft = await viem.deployContract("TrackNFT", [stub, admin.account.address]);
      const record: TrackRecord = {
        contentHash: freshHash("content"),
        registrant: generator.account.address,
        kind: TrackKind.Original,
        styleId: 0,
        licenceId: 0n,
        parents: [],
        manifestDigest: zero,
      };
      await networkHelpers.setStorageAt(stub, 0, hashTrackRecord(record));
      await list(nft, record, 0n);
      await mint(nft, record, 0n);

      assert.equal(await nft.read.tokenURI([tokenIdOf(record)]), `ipfs://${rawCidFromDigest(zero).toString()}`);
    });

    it("reverts with ERC721NonexistentToken for a listed but unminted token, and for an unknown one", async () => {
      const { nft, licensed } = await networkHelpers.loadFixture(listedFixture);
      const unknown = hexToBigInt(freshHash("unknown"));

      await viem.assertions.revertWithCustomErrorWithArgs(nft.read.tokenURI([tokenIdOf(licensed)]), nft, "ERC721NonexistentToken", [
        tokenIdOf(licensed),
      ]);
      await viem.assertions.revertWithCustomErrorWithArgs(nft.read.tokenURI([unknown]), nft, "ERC721NonexistentToken", [
        unknown,
      ]);
    });
  });

  describe("supportsInterface", () => {
    const supported: [string, Hex][] = [
      ["ERC-165", "0x01ffc9a7"],
      ["ERC-721", "0x80ac58cd"],
      ["ERC-721 Metadata", "0x5b5e139f"],
      ["ERC-2981", "0x2a55205a"],
      ["AccessControl", "0x7965db0b"],
    ];
    for (const [name, interfaceId] of supported) {
      it(`reports ${name} (${interfaceId})`, async () => {
        const { nft } = await networkHelpers.loadFixture(deployFixture);
        assert.equal(await nft.read.supportsInterface([interfaceId]), true);
      });
    }

    it("reports neither 0xffffffff nor ERC-721 Enumerable (0x780e9d63)", async () => {
      const { nft } = await networkHelpers.loadFixture(deployFixture);
      assert.equal(await nft.read.supportsInterface(["0xffffffff"]), false);
      assert.equal(await nft.read.supportsInterface(["0x780e9d63"]), false);
    });
  });

  describe("pause", () => {
    /** listedFixture with the contract paused by the admin, and `unstyled` sold (before the pause) but unsettled. */
    async function pausedFixture() {
      const fixture = await listedFixture();
      await list(fixture.nft, fixture.unstyled, PRICE);
      await mint(fixture.nft, fixture.unstyled, PRICE);
      await confirm(fixture.nft.write.pause({ account: admin.account }));
      return fixture;
    }

    it("is restricted to PAUSER_ROLE", async () => {
      const { nft } = await networkHelpers.loadFixture(deployFixture);
      const pauserRole = await nft.read.PAUSER_ROLE();
      assert.equal(pauserRole, keccak256(toHex("PAUSER_ROLE")));

      await viem.assertions.revertWithCustomErrorWithArgs(
        nft.write.pause({ account: stranger.account }),
        nft,
        "AccessControlUnauthorizedAccount",
        [addr(stranger), pauserRole],
      );
      await viem.assertions.emitWithArgs(nft.write.pause({ account: admin.account }), nft, "Paused", [addr(admin)]);
      await viem.assertions.revertWithCustomErrorWithArgs(
        nft.write.unpause({ account: stranger.account }),
        nft,
        "AccessControlUnauthorizedAccount",
        [addr(stranger), pauserRole],
      );
      await viem.assertions.emitWithArgs(nft.write.unpause({ account: admin.account }), nft, "Unpaused", [addr(admin)]);
    });

    it("can be delegated: an account granted PAUSER_ROLE by the admin may pause", async () => {
      const { nft } = await networkHelpers.loadFixture(deployFixture);
      await confirm(nft.write.grantRole([await nft.read.PAUSER_ROLE(), stranger.account.address], { account: admin.account }));

      await confirm(nft.write.pause({ account: stranger.account }));

      assert.equal(await nft.read.paused(), true);
    });

    it("blocks listing and minting with EnforcedPause", async () => {
      const { nft, licensed, artistOwn } = await networkHelpers.loadFixture(pausedFixture);

      await viem.assertions.revertWithCustomError(
        nft.write.list([artistOwn, PRICE], { account: artist.account }),
        nft,
        "EnforcedPause",
      );
      await viem.assertions.revertWithCustomError(
        nft.write.mint([tokenIdOf(licensed), collector.account.address], { account: collector.account, value: PRICE }),
        nft,
        "EnforcedPause",
      );
    });

    it("still lets sales be settled and credits withdrawn", async () => {
      const { nft, unstyled } = await networkHelpers.loadFixture(pausedFixture);

      await confirm(nft.write.settle([[tokenIdOf(unstyled)]], { account: stranger.account }));
      await viem.assertions.balancesHaveChanged(
        nft.write.withdraw([generator.account.address], { account: generator.account }),
        [{ address: generator.account.address, amount: PRICE }],
      );
    });

    it("still lets the registrant delist", async () => {
      const { nft, licensed } = await networkHelpers.loadFixture(pausedFixture);

      await viem.assertions.emit(
        nft.write.delist([tokenIdOf(licensed)], { account: generator.account }),
        nft,
        "TrackDelisted",
      );
    });

    it("resumes listing and minting once unpaused", async () => {
      const { nft, licensed, artistOwn } = await networkHelpers.loadFixture(pausedFixture);
      await confirm(nft.write.unpause({ account: admin.account }));

      await list(nft, artistOwn, PRICE, artist);
      await mint(nft, licensed, PRICE);

      assert.equal(await nft.read.ownerOf([tokenIdOf(licensed)]), addr(collector));
    });

    it("refuses to unpause when not paused, and to pause twice", async () => {
      const { nft } = await networkHelpers.loadFixture(deployFixture);
      await viem.assertions.revertWithCustomError(nft.write.unpause({ account: admin.account }), nft, "ExpectedPause");
      await confirm(nft.write.pause({ account: admin.account }));
      await viem.assertions.revertWithCustomError(nft.write.pause({ account: admin.account }), nft, "EnforcedPause");
    });
  });
});
