/**
 * Behaviour of SoundmarkRegistry: the style registry (styles, terms, licences, fees) and the track registry (records,
 * Merkle batches) composed at one address, with pausing by PAUSER_ROLE.
 *
 * Every revert is checked with its exact custom error and arguments. Records, leaves and EIP-712 grants are built with
 * the server's TypeScript mirrors (`server/src/chain/track-record.ts`, `licence-grant.ts`), so the suite also checks
 * that those mirrors agree with the contracts.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { network } from "hardhat";
import type { ContractReturnType, WalletClient } from "@nomicfoundation/hardhat-viem/types";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import {
  getAddress,
  hashTypedData,
  keccak256,
  parseAbi,
  parseEther,
  parseEventLogs,
  toHex,
  zeroAddress,
  zeroHash,
  type Address,
  type Hex,
  type TransactionReceipt,
  type TypedDataDomain,
} from "viem";
import {
  TRACK_RECORD_LEAF_TYPES,
  TrackKind,
  hashTrackRecord,
  recordValues,
  type TrackRecord,
} from "../../server/src/chain/track-record.js";
import { LICENCE_GRANT_TYPES, licenceGrantDomain, type LicenceGrant } from "../../server/src/chain/licence-grant.js";

const { viem, networkHelpers } = await network.connect();
const { time } = networkHelpers;
const publicClient = await viem.getPublicClient();

type Registry = ContractReturnType<"SoundmarkRegistry">;
type Wallet = WalletClient;

/** Mirrors `contracts/types/LicenceTerms.sol`. */
interface LicenceTerms {
  fee: bigint;
  royaltyBps: number;
  duration: number;
  maxTracks: number;
  commercial: boolean;
  derivatives: boolean;
  purchasable: boolean;
}

/** Bits of `Licence.flags` and the sentinels of `contracts/types/Licence.sol`. */
const Flags = { COMMERCIAL: 1, DERIVATIVES: 2, REVOKED: 4, BY_SIGNATURE: 8 } as const;
const NEVER = 2 ** 32 - 1;
const UNLIMITED = 2 ** 24 - 1;
const MAX_BPS = 10_000;

const DAY = 24 * 60 * 60;
const FEE = parseEther("0.01");
const STYLE_URI = "ipfs://bafkreistylemetadata";
const FAR_FUTURE = 2n ** 40n;

/** The terms of the style every fixture registers: sold on-chain, 30-day licences, no cap, derivatives allowed. */
const TERMS: LicenceTerms = {
  fee: FEE,
  royaltyBps: 1_000,
  duration: 30 * DAY,
  maxTracks: 0,
  commercial: true,
  derivatives: true,
  purchasable: true,
};

/** What the suite calls of `test/contracts/helpers/ContractArtist.sol` (test artifacts carry no viem types). */
const CONTRACT_ARTIST_ABI = parseAbi([
  "struct LicenceTerms { uint96 fee; uint16 royaltyBps; uint32 duration; uint24 maxTracks; bool commercial;" +
    " bool derivatives; bool purchasable; }",
  "function registerStyle(address registry, string metadataURI, LicenceTerms terms) returns (uint256)",
]);

// ---------------------------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------------------------

let hashCounter = 0;
/** A fresh 32-byte value (content hash, manifest digest, root...): the registry only needs distinct bytes. */
function freshHash(label = "hash"): Hex {
  return keccak256(toHex(`${label}-${++hashCounter}`));
}

/** Waits for a transaction and checks that it succeeded. */
async function mined(hash: Promise<Hex> | Hex): Promise<TransactionReceipt> {
  const receipt = await publicClient.waitForTransactionReceipt({ hash: await hash });
  assert.equal(receipt.status, "success");
  return receipt;
}

/** Runs `action` in a block whose timestamp is `timestamp`; the block is mined even when `action` reverts. */
async function atTimestamp<T>(timestamp: number, action: () => Promise<T>): Promise<T> {
  await time.setNextBlockTimestamp(timestamp);
  try {
    return await action();
  } finally {
    if ((await time.latest()) < timestamp) await networkHelpers.mine();
  }
}

async function registerStyle(
  registry: Registry,
  artist: Wallet,
  terms: LicenceTerms = TERMS,
  uri: string = STYLE_URI,
): Promise<number> {
  const receipt = await mined(registry.write.registerStyle([uri, terms], { account: artist.account }));
  const [log] = parseEventLogs({ abi: registry.abi, eventName: "StyleRegistered", logs: receipt.logs });
  assert.ok(log, "StyleRegistered not emitted");
  return Number(log.args.styleId);
}

/** The style's current terms version: what a buyer who just read the terms passes to `buyLicence`. */
async function termsVersionOf(registry: Registry, styleId: bigint): Promise<number> {
  const [, , termsVersion] = await registry.read.style([styleId]);
  return termsVersion;
}

async function buyLicence(registry: Registry, buyer: Wallet, styleId: number, value: bigint = FEE): Promise<bigint> {
  const receipt = await mined(registry.write.buyLicence([BigInt(styleId), await termsVersionOf(registry, BigInt(styleId))], { account: buyer.account, value }));
  const [log] = parseEventLogs({ abi: registry.abi, eventName: "LicenceIssued", logs: receipt.logs });
  assert.ok(log, "LicenceIssued not emitted");
  return log.args.licenceId;
}

/** A record with fresh content and manifest, an Original without style unless `over` says otherwise. */
function trackRecord(registrant: Address, over: Partial<TrackRecord> = {}): TrackRecord {
  return {
    contentHash: freshHash("content"),
    registrant,
    kind: TrackKind.Original,
    styleId: 0,
    licenceId: 0n,
    parents: [],
    manifestDigest: freshHash("manifest"),
    ...over,
  };
}

/** A Generated record in `styleId` under `licenceId`. */
function generatedRecord(
  registrant: Address,
  styleId: number,
  licenceId: bigint,
  over: Partial<TrackRecord> = {},
): TrackRecord {
  return trackRecord(registrant, { kind: TrackKind.Generated, styleId, licenceId, ...over });
}

/** `register`'s arguments: the record without its registrant, which is the sender. */
function registerArgs(r: TrackRecord) {
  return [r.contentHash, r.kind, r.styleId, r.licenceId, r.parents, r.manifestDigest] as const;
}

/** Registers `r` from its registrant's wallet (`from`, which must be the record's registrant to succeed). */
function register(registry: Registry, from: Wallet, r: TrackRecord): Promise<Hex> {
  return registry.write.register(registerArgs(r), { account: from.account });
}

/** `TrackRegistered`'s arguments for `r`, in the event's order. */
function trackRegisteredArgs(r: TrackRecord) {
  return [r.contentHash, r.registrant, r.styleId, r.kind, r.licenceId, r.parents, r.manifestDigest] as const;
}

/** A StandardMerkleTree over the records, as the server builds batches. */
function merkleBatch(records: readonly TrackRecord[]) {
  const tree = StandardMerkleTree.of(records.map(recordValues), [...TRACK_RECORD_LEAF_TYPES]);
  return {
    root: tree.root as Hex,
    proof: (index: number): Hex[] => tree.getProof(index) as Hex[],
  };
}

/** A grant of style 1 to `licensee`, never expiring, capped at 5 tracks, derivatives not allowed, nonce 1. */
function licenceGrant(licensee: Address, over: Partial<LicenceGrant> = {}): LicenceGrant {
  return {
    styleId: 1n,
    licensee,
    expiresAt: 0,
    maxTracks: 5,
    royaltyBps: 1_500,
    commercial: true,
    derivatives: false,
    nonce: 1n,
    deadline: FAR_FUTURE,
    ...over,
  };
}

function signGrant(signer: Wallet, grant: LicenceGrant, domain: TypedDataDomain): Promise<Hex> {
  return signer.signTypedData({
    account: signer.account,
    domain,
    types: LICENCE_GRANT_TYPES,
    primaryType: "LicenceGrant",
    message: grant,
  });
}

// ---------------------------------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------------------------------

async function deployRegistry() {
  const [admin, artist, otherArtist, licensee, stranger, relayer] = await viem.getWalletClients();
  assert.ok(admin && artist && otherArtist && licensee && stranger && relayer);
  const registry = await viem.deployContract("SoundmarkRegistry", [admin.account.address]);
  const chainId = await publicClient.getChainId();
  const domain = licenceGrantDomain(chainId, registry.address);
  return { registry, chainId, domain, admin, artist, otherArtist, licensee, stranger, relayer };
}

/** The registry with style 1 (`TERMS`) by `artist`, and licence 1 of it bought by `licensee`. */
async function deployWithLicence() {
  const world = await deployRegistry();
  const styleId = await registerStyle(world.registry, world.artist);
  const licenceId = await buyLicence(world.registry, world.licensee, styleId);
  return { ...world, styleId, licenceId };
}

/** `deployWithLicence`, plus a signed grant and an anchored batch, then paused by the admin. */
async function deployPaused() {
  const world = await deployWithLicence();
  const { registry, licensee, artist, admin, domain } = world;
  const grant = licenceGrant(licensee.account.address);
  const signature = await signGrant(artist, grant, domain);
  const promotable = generatedRecord(licensee.account.address, world.styleId, world.licenceId);
  const batch = merkleBatch([promotable, trackRecord(licensee.account.address)]);
  await mined(registry.write.anchorBatch([batch.root, 2, freshHash()], { account: licensee.account }));
  await mined(registry.write.pause({ account: admin.account }));
  return { ...world, grant, signature, promotable, batch };
}

// ---------------------------------------------------------------------------------------------------------------------
// Styles
// ---------------------------------------------------------------------------------------------------------------------

describe("SoundmarkRegistry", () => {
  describe("registerStyle", () => {
    it("registers a style owned by the caller with id 1 and emits StyleRegistered", async () => {
      const { registry, artist } = await networkHelpers.loadFixture(deployRegistry);
      await viem.assertions.emitWithArgs(
        registry.write.registerStyle([STYLE_URI, TERMS], { account: artist.account }),
        registry,
        "StyleRegistered",
        [1n, artist.account.address, STYLE_URI, TERMS],
      );
      const [styleArtist, terms, termsVersion, uri] = await registry.read.style([1n]);
      assert.equal(styleArtist, getAddress(artist.account.address));
      assert.deepEqual(terms, TERMS);
      assert.equal(termsVersion, 1);
      assert.equal(uri, STYLE_URI);
    });

    it("numbers styles consecutively across artists", async () => {
      const { registry, artist, otherArtist } = await networkHelpers.loadFixture(deployRegistry);
      assert.equal(await registerStyle(registry, artist), 1);
      assert.equal(await registerStyle(registry, otherArtist, TERMS, "ipfs://second"), 2);
      assert.equal(await registerStyle(registry, artist, TERMS, "ipfs://third"), 3);
      const [secondArtist, , , secondUri] = await registry.read.style([2n]);
      assert.equal(secondArtist, getAddress(otherArtist.account.address));
      assert.equal(secondUri, "ipfs://second");
    });

    it("accepts a royalty of exactly 100% and a cap of 2^24 - 2 tracks", async () => {
      const { registry, artist } = await networkHelpers.loadFixture(deployRegistry);
      const extreme = { ...TERMS, royaltyBps: MAX_BPS, maxTracks: UNLIMITED - 1 };
      const styleId = await registerStyle(registry, artist, extreme);
      const [, terms] = await registry.read.style([BigInt(styleId)]);
      assert.equal(terms.royaltyBps, MAX_BPS);
      assert.equal(terms.maxTracks, UNLIMITED - 1);
    });

    it("rejects a royalty above 10,000 basis points", async () => {
      const { registry, artist } = await networkHelpers.loadFixture(deployRegistry);
      await viem.assertions.revertWithCustomError(
        registry.write.registerStyle([STYLE_URI, { ...TERMS, royaltyBps: MAX_BPS + 1 }], { account: artist.account }),
        registry,
        "StyleRegistryInvalidTerms",
      );
    });

    it("rejects a track cap of 2^24 - 1, the 'no cap' sentinel", async () => {
      const { registry, artist } = await networkHelpers.loadFixture(deployRegistry);
      await viem.assertions.revertWithCustomError(
        registry.write.registerStyle([STYLE_URI, { ...TERMS, maxTracks: UNLIMITED }], { account: artist.account }),
        registry,
        "StyleRegistryInvalidTerms",
      );
    });
  });

  describe("setTerms", () => {
    const NEW_TERMS: LicenceTerms = {
      fee: parseEther("0.5"),
      royaltyBps: 2_500,
      duration: 7 * DAY,
      maxTracks: 3,
      commercial: false,
      derivatives: false,
      purchasable: true,
    };

    it("lets the artist replace the terms, bumping termsVersion and emitting StyleTermsUpdated", async () => {
      const { registry, artist, styleId } = await networkHelpers.loadFixture(deployWithLicence);
      await viem.assertions.emitWithArgs(
        registry.write.setTerms([BigInt(styleId), NEW_TERMS], { account: artist.account }),
        registry,
        "StyleTermsUpdated",
        [BigInt(styleId), 2, NEW_TERMS],
      );
      const [, terms, termsVersion] = await registry.read.style([BigInt(styleId)]);
      assert.deepEqual(terms, NEW_TERMS);
      assert.equal(termsVersion, 2);

      await mined(registry.write.setTerms([BigInt(styleId), TERMS], { account: artist.account }));
      const [, , thirdVersion] = await registry.read.style([BigInt(styleId)]);
      assert.equal(thirdVersion, 3);
    });

    it("leaves licences already issued with the terms they were issued under", async () => {
      const { registry, artist, licensee, stranger, styleId, licenceId } =
        await networkHelpers.loadFixture(deployWithLicence);
      const before = await registry.read.licence([licenceId]);

      await mined(registry.write.setTerms([BigInt(styleId), NEW_TERMS], { account: artist.account }));

      assert.deepEqual(await registry.read.licence([licenceId]), before);
      assert.equal(before.royaltyBps, TERMS.royaltyBps);
      assert.equal(before.feePaid, TERMS.fee);
      assert.equal(before.remaining, UNLIMITED);
      assert.equal(before.flags, Flags.COMMERCIAL | Flags.DERIVATIVES);
      assert.equal(await registry.read.isLicensed([BigInt(styleId), licensee.account.address]), true);

      const later = await registry.read.licence([await buyLicence(registry, stranger, styleId, NEW_TERMS.fee)]);
      assert.equal(later.royaltyBps, NEW_TERMS.royaltyBps);
      assert.equal(later.feePaid, NEW_TERMS.fee);
      assert.equal(later.remaining, NEW_TERMS.maxTracks);
      assert.equal(later.flags, 0);
      assert.equal(later.expiresAt, later.issuedAt + NEW_TERMS.duration);
    });

    it("rejects a caller other than the artist", async () => {
      const { registry, licensee, styleId } = await networkHelpers.loadFixture(deployWithLicence);
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.setTerms([BigInt(styleId), NEW_TERMS], { account: licensee.account }),
        registry,
        "StyleRegistryNotArtist",
        [BigInt(styleId), licensee.account.address],
      );
    });

    it("rejects an unknown style", async () => {
      const { registry, artist } = await networkHelpers.loadFixture(deployWithLicence);
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.setTerms([99n, NEW_TERMS], { account: artist.account }),
        registry,
        "StyleRegistryUnknownStyle",
        [99n],
      );
    });

    it("rejects invalid terms", async () => {
      const { registry, artist, styleId } = await networkHelpers.loadFixture(deployWithLicence);
      for (const invalid of [{ royaltyBps: MAX_BPS + 1 }, { maxTracks: UNLIMITED }]) {
        await viem.assertions.revertWithCustomError(
          registry.write.setTerms([BigInt(styleId), { ...NEW_TERMS, ...invalid }], { account: artist.account }),
          registry,
          "StyleRegistryInvalidTerms",
        );
      }
    });
  });

  describe("setStyleMetadata", () => {
    it("lets the artist point the style at new metadata and emits StyleMetadataUpdated", async () => {
      const { registry, artist, styleId } = await networkHelpers.loadFixture(deployWithLicence);
      await viem.assertions.emitWithArgs(
        registry.write.setStyleMetadata([BigInt(styleId), "ipfs://bafkreinewmetadata"], { account: artist.account }),
        registry,
        "StyleMetadataUpdated",
        [BigInt(styleId), "ipfs://bafkreinewmetadata"],
      );
      const [, terms, termsVersion, uri] = await registry.read.style([BigInt(styleId)]);
      assert.equal(uri, "ipfs://bafkreinewmetadata");
      assert.deepEqual(terms, TERMS);
      assert.equal(termsVersion, 1);
    });

    it("rejects a caller other than the artist", async () => {
      const { registry, stranger, styleId } = await networkHelpers.loadFixture(deployWithLicence);
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.setStyleMetadata([BigInt(styleId), "ipfs://x"], { account: stranger.account }),
        registry,
        "StyleRegistryNotArtist",
        [BigInt(styleId), stranger.account.address],
      );
    });

    it("rejects an unknown style", async () => {
      const { registry, artist } = await networkHelpers.loadFixture(deployWithLicence);
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.setStyleMetadata([2n, "ipfs://x"], { account: artist.account }),
        registry,
        "StyleRegistryUnknownStyle",
        [2n],
      );
    });
  });

  describe("style", () => {
    it("reverts for id 0 and for ids never registered", async () => {
      const { registry } = await networkHelpers.loadFixture(deployWithLicence);
      for (const id of [0n, 2n, 2n ** 32n + 1n]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          registry.read.style([id]),
          registry,
          "StyleRegistryUnknownStyle",
          [id],
        );
      }
    });
  });

  // -------------------------------------------------------------------------------------------------------------------
  // Licences bought on-chain, and the fees they pay
  // -------------------------------------------------------------------------------------------------------------------

  describe("buyLicence", () => {
    it("refuses a purchase agreed to an older terms version (terms swapped under a pending purchase)", async () => {
      const { registry, artist, licensee, styleId } = await networkHelpers.loadFixture(deployWithLicence);
      await mined(registry.write.setTerms([BigInt(styleId), { ...TERMS, royaltyBps: 10_000 }], { account: artist.account }));
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.buyLicence([BigInt(styleId), 1], { account: licensee.account, value: FEE }),
        registry,
        "StyleRegistryTermsChanged",
        [BigInt(styleId), 1, 2],
      );
    });

    it("issues a licence that snapshots the terms, expiring `duration` seconds after its issue", async () => {
      const { registry, artist, licensee } = await networkHelpers.loadFixture(deployRegistry);
      const styleId = await registerStyle(registry, artist);
      const issuedAt = (await time.latest()) + 60;

      const version = await termsVersionOf(registry, BigInt(styleId));
      await atTimestamp(issuedAt, () =>
        viem.assertions.emitWithArgs(
          registry.write.buyLicence([BigInt(styleId), version], { account: licensee.account, value: FEE }),
          registry,
          "LicenceIssued",
          [
            1n,
            BigInt(styleId),
            licensee.account.address,
            issuedAt + TERMS.duration,
            TERMS.maxTracks,
            TERMS.royaltyBps,
            TERMS.commercial,
            TERMS.derivatives,
            false,
            FEE,
          ],
        ),
      );

      assert.deepEqual(await registry.read.licence([1n]), {
        licensee: getAddress(licensee.account.address),
        styleId,
        expiresAt: issuedAt + TERMS.duration,
        remaining: UNLIMITED,
        flags: Flags.COMMERCIAL | Flags.DERIVATIVES,
        feePaid: FEE,
        royaltyBps: TERMS.royaltyBps,
        issuedAt,
      });
    });

    it("numbers licences consecutively from 1", async () => {
      const { registry, stranger, styleId, licenceId } = await networkHelpers.loadFixture(deployWithLicence);
      assert.equal(licenceId, 1n);
      assert.equal(await buyLicence(registry, stranger, styleId), 2n);
    });

    it("issues a never-expiring licence when the duration is 0", async () => {
      const { registry, artist, licensee } = await networkHelpers.loadFixture(deployRegistry);
      const styleId = await registerStyle(registry, artist, { ...TERMS, duration: 0 });
      const licence = await registry.read.licence([await buyLicence(registry, licensee, styleId)]);
      assert.equal(licence.expiresAt, NEVER);
    });

    it("caps the expiry at 'never' when issue time plus duration overflows 32 bits", async () => {
      const { registry, artist, licensee } = await networkHelpers.loadFixture(deployRegistry);
      const styleId = await registerStyle(registry, artist, { ...TERMS, duration: NEVER });
      const licence = await registry.read.licence([await buyLicence(registry, licensee, styleId)]);
      assert.equal(licence.expiresAt, NEVER);
    });

    it("stores a capped licence's cap as its remaining track count", async () => {
      const { registry, artist, licensee } = await networkHelpers.loadFixture(deployRegistry);
      const styleId = await registerStyle(registry, artist, { ...TERMS, maxTracks: 7, commercial: false });
      const licence = await registry.read.licence([await buyLicence(registry, licensee, styleId)]);
      assert.equal(licence.remaining, 7);
      assert.equal(licence.flags, Flags.DERIVATIVES);
    });

    it("moves the fee from the buyer to the registry and credits it to the artist", async () => {
      const { registry, artist, licensee } = await networkHelpers.loadFixture(deployRegistry);
      const styleId = await registerStyle(registry, artist);

      const hash = await registry.write.buyLicence([BigInt(styleId), await termsVersionOf(registry, BigInt(styleId))], { account: licensee.account, value: FEE });
      await viem.assertions.balancesHaveChanged(hash, [
        { address: licensee.account.address, amount: -FEE },
        { address: registry.address, amount: FEE },
        { address: artist.account.address, amount: 0n },
      ]);
      await viem.assertions.emitWithArgs(hash, registry, "PaymentCredited", [artist.account.address, FEE]);
      assert.equal(await registry.read.withdrawable([artist.account.address]), FEE);
    });

    it("adds up the fees of several sales in the artist's credit", async () => {
      const { registry, artist, stranger, relayer, styleId } = await networkHelpers.loadFixture(deployWithLicence);
      await buyLicence(registry, stranger, styleId);
      await buyLicence(registry, relayer, styleId);
      assert.equal(await registry.read.withdrawable([artist.account.address]), 3n * FEE);
    });

    it("issues a free licence without crediting anyone", async () => {
      const { registry, artist, licensee } = await networkHelpers.loadFixture(deployRegistry);
      const styleId = await registerStyle(registry, artist, { ...TERMS, fee: 0n });
      const receipt = await mined(registry.write.buyLicence([BigInt(styleId), await termsVersionOf(registry, BigInt(styleId))], { account: licensee.account }));
      assert.equal(parseEventLogs({ abi: registry.abi, eventName: "PaymentCredited", logs: receipt.logs }).length, 0);
      assert.equal(await registry.read.withdrawable([artist.account.address]), 0n);
      assert.equal((await registry.read.licence([1n])).feePaid, 0n);
    });

    it("rejects a value below or above the fee", async () => {
      const { registry, licensee, styleId } = await networkHelpers.loadFixture(deployWithLicence);
      for (const sent of [0n, FEE - 1n, FEE + 1n]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          registry.write.buyLicence([BigInt(styleId), await termsVersionOf(registry, BigInt(styleId))], { account: licensee.account, value: sent }),
          registry,
          "StyleRegistryWrongFee",
          [BigInt(styleId), FEE, sent],
        );
      }
    });

    it("rejects a style whose licences are not sold on-chain", async () => {
      const { registry, artist, licensee } = await networkHelpers.loadFixture(deployRegistry);
      const styleId = await registerStyle(registry, artist, { ...TERMS, purchasable: false });
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.buyLicence([BigInt(styleId), await termsVersionOf(registry, BigInt(styleId))], { account: licensee.account, value: FEE }),
        registry,
        "StyleRegistryNotPurchasable",
        [BigInt(styleId)],
      );
    });

    it("rejects an unknown style", async () => {
      const { registry, licensee } = await networkHelpers.loadFixture(deployWithLicence);
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.buyLicence([5n, 1], { account: licensee.account, value: FEE }),
        registry,
        "StyleRegistryUnknownStyle",
        [5n],
      );
    });
  });

  describe("withdraw", () => {
    it("sends the caller's whole credit to the recipient and emits PaymentWithdrawn", async () => {
      const { registry, artist, stranger } = await networkHelpers.loadFixture(deployWithLicence);
      const hash = await registry.write.withdraw([stranger.account.address], { account: artist.account });
      await viem.assertions.balancesHaveChanged(hash, [
        { address: stranger.account.address, amount: FEE },
        { address: registry.address, amount: -FEE },
        { address: artist.account.address, amount: 0n },
      ]);
      await viem.assertions.emitWithArgs(hash, registry, "PaymentWithdrawn", [
        artist.account.address,
        stranger.account.address,
        FEE,
      ]);
      assert.equal(await registry.read.withdrawable([artist.account.address]), 0n);
    });

    it("lets the payee withdraw to itself", async () => {
      const { registry, artist } = await networkHelpers.loadFixture(deployWithLicence);
      await viem.assertions.balancesHaveChanged(
        registry.write.withdraw([artist.account.address], { account: artist.account }),
        [{ address: artist.account.address, amount: FEE }],
      );
    });

    it("rejects a caller with no credit, including one that already withdrew", async () => {
      const { registry, artist, stranger } = await networkHelpers.loadFixture(deployWithLicence);
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.withdraw([stranger.account.address], { account: stranger.account }),
        registry,
        "PullPaymentsNothingToWithdraw",
        [stranger.account.address],
      );
      await mined(registry.write.withdraw([artist.account.address], { account: artist.account }));
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.withdraw([artist.account.address], { account: artist.account }),
        registry,
        "PullPaymentsNothingToWithdraw",
        [artist.account.address],
      );
    });

    it("refuses to withdraw to the zero address", async () => {
      const { registry, artist } = await networkHelpers.loadFixture(deployWithLicence);
      await viem.assertions.revertWithCustomError(
        registry.write.withdraw([zeroAddress], { account: artist.account }),
        registry,
        "PullPaymentsZeroRecipient",
      );
    });

    it("reverts when the recipient refuses the ether, and keeps the credit", async () => {
      const { registry, artist } = await networkHelpers.loadFixture(deployWithLicence);
      // The registry itself has no receive or fallback function: a recipient that reverts on any transfer.
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.withdraw([registry.address], { account: artist.account }),
        registry,
        "PullPaymentsTransferFailed",
        [registry.address, FEE],
      );
      assert.equal(await registry.read.withdrawable([artist.account.address]), FEE);
    });
  });

  // -------------------------------------------------------------------------------------------------------------------
  // Licences granted by signature
  // -------------------------------------------------------------------------------------------------------------------

  describe("grantLicenceBySig", () => {
    it("issues the licence the artist signed when a third party submits it", async () => {
      const { registry, artist, licensee, relayer, domain } = await networkHelpers.loadFixture(deployWithLicence);
      const expiresAt = (await time.latest()) + 90 * DAY;
      const grant = licenceGrant(licensee.account.address, { expiresAt, nonce: 42n });
      const signature = await signGrant(artist, grant, domain);

      await viem.assertions.emitWithArgs(
        registry.write.grantLicenceBySig([grant, signature], { account: relayer.account }),
        registry,
        "LicenceIssued",
        [
          2n,
          1n,
          licensee.account.address,
          expiresAt,
          grant.maxTracks,
          grant.royaltyBps,
          grant.commercial,
          grant.derivatives,
          true,
          0n,
        ],
      );
      const licence = await registry.read.licence([2n]);
      assert.deepEqual(licence, {
        licensee: getAddress(licensee.account.address),
        styleId: 1,
        expiresAt,
        remaining: grant.maxTracks,
        flags: Flags.COMMERCIAL | Flags.BY_SIGNATURE,
        feePaid: 0n,
        royaltyBps: grant.royaltyBps,
        issuedAt: await time.latest(),
      });
      assert.equal(await registry.read.nonceUsed([artist.account.address, 42n]), true);
      assert.equal(await registry.read.nonceUsed([artist.account.address, 1n]), false);
    });

    it("reads expiresAt 0 as never and maxTracks 0 as no cap, and grants on a style not for sale", async () => {
      const { registry, artist, licensee, relayer, domain } = await networkHelpers.loadFixture(deployRegistry);
      const styleId = await registerStyle(registry, artist, { ...TERMS, purchasable: false });
      const grant = licenceGrant(licensee.account.address, {
        styleId: BigInt(styleId),
        expiresAt: 0,
        maxTracks: 0,
        commercial: false,
        derivatives: true,
      });
      await mined(
        registry.write.grantLicenceBySig([grant, await signGrant(artist, grant, domain)], { account: relayer.account }),
      );
      const licence = await registry.read.licence([1n]);
      assert.equal(licence.expiresAt, NEVER);
      assert.equal(licence.remaining, UNLIMITED);
      assert.equal(licence.flags, Flags.DERIVATIVES | Flags.BY_SIGNATURE);
      assert.equal(await registry.read.isLicensed([BigInt(styleId), licensee.account.address]), true);
    });

    it("signs the digest that grantDigest returns, which is viem's EIP-712 hash in the registry's domain", async () => {
      const { registry, licensee, domain, chainId } = await networkHelpers.loadFixture(deployWithLicence);
      const grant = licenceGrant(licensee.account.address, { expiresAt: 123_456, derivatives: true, nonce: 7n });
      const types = LICENCE_GRANT_TYPES;
      const expected = hashTypedData({ domain, types, primaryType: "LicenceGrant", message: grant });
      assert.equal(await registry.read.grantDigest([grant]), expected);

      const [, name, version, domainChainId, verifyingContract] = await registry.read.eip712Domain();
      assert.deepEqual(
        { name, version, chainId: Number(domainChainId), verifyingContract: getAddress(verifyingContract) },
        { name: "Soundmark", version: "1", chainId, verifyingContract: getAddress(registry.address) },
      );
    });

    it("accepts a grant submitted in the second of its deadline, and rejects it one second later", async () => {
      const { registry, artist, licensee, relayer, domain } = await networkHelpers.loadFixture(deployWithLicence);
      const deadline = (await time.latest()) + 3_600;
      const first = licenceGrant(licensee.account.address, { deadline: BigInt(deadline), nonce: 1n });
      const second = licenceGrant(licensee.account.address, { deadline: BigInt(deadline), nonce: 2n });
      const firstSignature = await signGrant(artist, first, domain);
      const secondSignature = await signGrant(artist, second, domain);

      await atTimestamp(deadline, () =>
        mined(registry.write.grantLicenceBySig([first, firstSignature], { account: relayer.account })),
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.grantLicenceBySig([second, secondSignature], { account: relayer.account }),
        registry,
        "StyleRegistryGrantExpired",
        [BigInt(deadline)],
      );
    });

    it("rejects a grant signed by someone other than the style's artist", async () => {
      const { registry, otherArtist, licensee, relayer, domain } = await networkHelpers.loadFixture(deployWithLicence);
      const grant = licenceGrant(licensee.account.address);
      for (const signer of [otherArtist, licensee]) {
        await viem.assertions.revertWithCustomError(
          registry.write.grantLicenceBySig([grant, await signGrant(signer, grant, domain)], {
            account: relayer.account,
          }),
          registry,
          "StyleRegistryInvalidSignature",
        );
      }
    });

    it("rejects a signature when any signed field was changed after signing", async () => {
      const { registry, artist, otherArtist, licensee, stranger, relayer, domain } =
        await networkHelpers.loadFixture(deployWithLicence);
      await registerStyle(registry, otherArtist); // style 2, also by another artist
      await registerStyle(registry, artist); // style 3, by the same artist
      const signed = licenceGrant(licensee.account.address, { expiresAt: (await time.latest()) + DAY });
      const signature = await signGrant(artist, signed, domain);
      const tampered: Partial<LicenceGrant>[] = [
        { styleId: 3n },
        { licensee: stranger.account.address },
        { expiresAt: signed.expiresAt + 1 },
        { expiresAt: 0 },
        { maxTracks: 0 },
        { royaltyBps: signed.royaltyBps - 1 },
        { commercial: !signed.commercial },
        { derivatives: !signed.derivatives },
        { nonce: signed.nonce + 1n },
        { deadline: signed.deadline + 1n },
      ];
      for (const change of tampered) {
        await viem.assertions.revertWithCustomError(
          registry.write.grantLicenceBySig([{ ...signed, ...change }, signature], { account: relayer.account }),
          registry,
          "StyleRegistryInvalidSignature",
        );
      }
      // Moving the grant to a style of another artist checks the signature against that artist.
      await viem.assertions.revertWithCustomError(
        registry.write.grantLicenceBySig([{ ...signed, styleId: 2n }, signature], { account: relayer.account }),
        registry,
        "StyleRegistryInvalidSignature",
      );
      await mined(registry.write.grantLicenceBySig([signed, signature], { account: relayer.account }));
    });

    it("rejects malformed signatures: empty, non-canonical, all zeros", async () => {
      const { registry, licensee, relayer } = await networkHelpers.loadFixture(deployWithLicence);
      const grant = licenceGrant(licensee.account.address);
      for (const signature of ["0x", `0x${"ab".repeat(65)}`, `0x${"00".repeat(65)}`] as const) {
        await viem.assertions.revertWithCustomError(
          registry.write.grantLicenceBySig([grant, signature], { account: relayer.account }),
          registry,
          "StyleRegistryInvalidSignature",
        );
      }
    });

    it("accepts for a contract artist the signatures that the contract validates through ERC-1271", async () => {
      const { registry, artist, licensee, relayer, domain } = await networkHelpers.loadFixture(deployRegistry);
      // The test-only wallet (test/contracts/helpers/ContractArtist.sol) accepts its owner's signatures.
      const wallet = await viem.deployContract("ContractArtist", [artist.account.address]);
      await mined(
        artist.writeContract({
          address: wallet.address,
          abi: CONTRACT_ARTIST_ABI,
          functionName: "registerStyle",
          args: [registry.address, STYLE_URI, TERMS],
        }),
      );
      const [styleArtist] = await registry.read.style([1n]);
      assert.equal(styleArtist, getAddress(wallet.address));

      const grant = licenceGrant(licensee.account.address);
      await viem.assertions.revertWithCustomError(
        registry.write.grantLicenceBySig([grant, await signGrant(licensee, grant, domain)], {
          account: relayer.account,
        }),
        registry,
        "StyleRegistryInvalidSignature",
      );
      await viem.assertions.emitWithArgs(
        registry.write.grantLicenceBySig([grant, await signGrant(artist, grant, domain)], { account: relayer.account }),
        registry,
        "LicenceIssued",
        [1n, 1n, licensee.account.address, NEVER, grant.maxTracks, grant.royaltyBps, true, false, true, 0n],
      );
      assert.equal(await registry.read.nonceUsed([wallet.address, grant.nonce]), true);
    });

    it("rejects a signature made for another chain", async () => {
      const { registry, artist, licensee, relayer, domain } = await networkHelpers.loadFixture(deployWithLicence);
      const grant = licenceGrant(licensee.account.address);
      const signature = await signGrant(artist, grant, { ...domain, chainId: 1 });
      await viem.assertions.revertWithCustomError(
        registry.write.grantLicenceBySig([grant, signature], { account: relayer.account }),
        registry,
        "StyleRegistryInvalidSignature",
      );
    });

    it("rejects a signature made for another registry, and accepts it on that registry", async () => {
      const { registry, admin, artist, licensee, relayer, chainId } =
        await networkHelpers.loadFixture(deployWithLicence);
      const otherRegistry = await viem.deployContract("SoundmarkRegistry", [admin.account.address]);
      await registerStyle(otherRegistry, artist);
      const grant = licenceGrant(licensee.account.address);
      const signature = await signGrant(artist, grant, licenceGrantDomain(chainId, otherRegistry.address));

      await viem.assertions.revertWithCustomError(
        registry.write.grantLicenceBySig([grant, signature], { account: relayer.account }),
        registry,
        "StyleRegistryInvalidSignature",
      );
      await mined(otherRegistry.write.grantLicenceBySig([grant, signature], { account: relayer.account }));
    });

    it("rejects a replay of a used signature", async () => {
      const { registry, artist, licensee, relayer, domain } = await networkHelpers.loadFixture(deployWithLicence);
      const grant = licenceGrant(licensee.account.address, { nonce: 9n });
      const signature = await signGrant(artist, grant, domain);
      await mined(registry.write.grantLicenceBySig([grant, signature], { account: relayer.account }));
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.grantLicenceBySig([grant, signature], { account: licensee.account }),
        registry,
        "StyleRegistryNonceUsed",
        [artist.account.address, 9n],
      );
    });

    it("rejects a second grant that reuses a nonce, even with other terms", async () => {
      const { registry, artist, licensee, stranger, relayer, domain } =
        await networkHelpers.loadFixture(deployWithLicence);
      const first = licenceGrant(licensee.account.address, { nonce: 3n });
      await mined(
        registry.write.grantLicenceBySig([first, await signGrant(artist, first, domain)], { account: relayer.account }),
      );
      const second = licenceGrant(stranger.account.address, { nonce: 3n, maxTracks: 1 });
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.grantLicenceBySig([second, await signGrant(artist, second, domain)], {
          account: relayer.account,
        }),
        registry,
        "StyleRegistryNonceUsed",
        [artist.account.address, 3n],
      );
    });

    it("rejects a grant whose nonce the artist cancelled", async () => {
      const { registry, artist, licensee, relayer, domain } = await networkHelpers.loadFixture(deployWithLicence);
      const grant = licenceGrant(licensee.account.address, { nonce: 5n });
      const signature = await signGrant(artist, grant, domain);
      await mined(registry.write.cancelNonce([5n], { account: artist.account }));
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.grantLicenceBySig([grant, signature], { account: relayer.account }),
        registry,
        "StyleRegistryNonceUsed",
        [artist.account.address, 5n],
      );
    });

    it("rejects an expiry that is not in the future", async () => {
      const { registry, artist, licensee, relayer, domain } = await networkHelpers.loadFixture(deployWithLicence);
      const now = await time.latest();
      for (const expiresAt of [1, now - DAY, now]) {
        const grant = licenceGrant(licensee.account.address, { expiresAt });
        await viem.assertions.revertWithCustomErrorWithArgs(
          registry.write.grantLicenceBySig([grant, await signGrant(artist, grant, domain)], {
            account: relayer.account,
          }),
          registry,
          "StyleRegistryInvalidExpiry",
          [expiresAt],
        );
      }
    });

    it("rejects the zero address as licensee", async () => {
      const { registry, artist, relayer, domain } = await networkHelpers.loadFixture(deployWithLicence);
      const grant = licenceGrant(zeroAddress);
      await viem.assertions.revertWithCustomError(
        registry.write.grantLicenceBySig([grant, await signGrant(artist, grant, domain)], { account: relayer.account }),
        registry,
        "StyleRegistryZeroAddress",
      );
    });

    it("rejects an unknown style", async () => {
      const { registry, artist, licensee, relayer, domain } = await networkHelpers.loadFixture(deployWithLicence);
      const grant = licenceGrant(licensee.account.address, { styleId: 8n });
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.grantLicenceBySig([grant, await signGrant(artist, grant, domain)], { account: relayer.account }),
        registry,
        "StyleRegistryUnknownStyle",
        [8n],
      );
    });

    it("rejects invalid terms even when the artist signed them", async () => {
      const { registry, artist, licensee, relayer, domain } = await networkHelpers.loadFixture(deployWithLicence);
      for (const invalid of [{ royaltyBps: MAX_BPS + 1 }, { maxTracks: UNLIMITED }]) {
        const grant = licenceGrant(licensee.account.address, invalid);
        await viem.assertions.revertWithCustomError(
          registry.write.grantLicenceBySig([grant, await signGrant(artist, grant, domain)], {
            account: relayer.account,
          }),
          registry,
          "StyleRegistryInvalidTerms",
        );
      }
    });
  });

  describe("cancelNonce", () => {
    it("marks the caller's nonce used and emits NonceCancelled", async () => {
      const { registry, artist, otherArtist } = await networkHelpers.loadFixture(deployWithLicence);
      assert.equal(await registry.read.nonceUsed([artist.account.address, 77n]), false);
      await viem.assertions.emitWithArgs(
        registry.write.cancelNonce([77n], { account: artist.account }),
        registry,
        "NonceCancelled",
        [artist.account.address, 77n],
      );
      assert.equal(await registry.read.nonceUsed([artist.account.address, 77n]), true);
      assert.equal(await registry.read.nonceUsed([otherArtist.account.address, 77n]), false);
    });

    it("rejects a nonce already cancelled or already used by a grant", async () => {
      const { registry, artist, licensee, relayer, domain } = await networkHelpers.loadFixture(deployWithLicence);
      await mined(registry.write.cancelNonce([1n], { account: artist.account }));
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.cancelNonce([1n], { account: artist.account }),
        registry,
        "StyleRegistryNonceUsed",
        [artist.account.address, 1n],
      );

      const grant = licenceGrant(licensee.account.address, { nonce: 2n });
      await mined(
        registry.write.grantLicenceBySig([grant, await signGrant(artist, grant, domain)], { account: relayer.account }),
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.cancelNonce([2n], { account: artist.account }),
        registry,
        "StyleRegistryNonceUsed",
        [artist.account.address, 2n],
      );
    });
  });

  // -------------------------------------------------------------------------------------------------------------------
  // Revocation and the licence views
  // -------------------------------------------------------------------------------------------------------------------

  describe("revokeLicence", () => {
    it("ends the licence now: its expiry moves to the revocation time and REVOKED is set", async () => {
      const { registry, artist, licensee, styleId, licenceId } = await networkHelpers.loadFixture(deployWithLicence);
      const before = await registry.read.licence([licenceId]);
      const revokedAt = (await time.latest()) + 10;

      await atTimestamp(revokedAt, () =>
        viem.assertions.emitWithArgs(
          registry.write.revokeLicence([licenceId], { account: artist.account }),
          registry,
          "LicenceRevoked",
          [licenceId, BigInt(styleId), revokedAt],
        ),
      );
      assert.deepEqual(await registry.read.licence([licenceId]), {
        ...before,
        expiresAt: revokedAt,
        flags: before.flags | Flags.REVOKED,
      });
      assert.equal(await registry.read.isLicensed([BigInt(styleId), licensee.account.address]), false);
    });

    it("marks an already expired licence revoked without moving its expiry", async () => {
      const { registry, artist, licenceId } = await networkHelpers.loadFixture(deployWithLicence);
      const { expiresAt } = await registry.read.licence([licenceId]);
      await time.increase(TERMS.duration + DAY);
      await mined(registry.write.revokeLicence([licenceId], { account: artist.account }));
      const revoked = await registry.read.licence([licenceId]);
      assert.equal(revoked.expiresAt, expiresAt);
      assert.equal(revoked.flags & Flags.REVOKED, Flags.REVOKED);
    });

    it("rejects anyone but the style's artist, the licensee included", async () => {
      const { registry, licensee, otherArtist, admin, styleId, licenceId } =
        await networkHelpers.loadFixture(deployWithLicence);
      await registerStyle(registry, otherArtist);
      for (const caller of [licensee, otherArtist, admin]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          registry.write.revokeLicence([licenceId], { account: caller.account }),
          registry,
          "StyleRegistryNotArtist",
          [BigInt(styleId), caller.account.address],
        );
      }
    });

    it("rejects a licence already revoked", async () => {
      const { registry, artist, licenceId } = await networkHelpers.loadFixture(deployWithLicence);
      await mined(registry.write.revokeLicence([licenceId], { account: artist.account }));
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.revokeLicence([licenceId], { account: artist.account }),
        registry,
        "StyleRegistryLicenceAlreadyRevoked",
        [licenceId],
      );
    });

    it("rejects an unknown licence", async () => {
      const { registry, artist } = await networkHelpers.loadFixture(deployWithLicence);
      for (const id of [0n, 2n]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          registry.write.revokeLicence([id], { account: artist.account }),
          registry,
          "StyleRegistryUnknownLicence",
          [id],
        );
      }
    });
  });

  describe("isLicensed", () => {
    it("is true for the licensee of the style and false for other accounts and styles", async () => {
      const { registry, artist, licensee, stranger, styleId } = await networkHelpers.loadFixture(deployWithLicence);
      const otherStyle = await registerStyle(registry, artist);
      assert.equal(await registry.read.isLicensed([BigInt(styleId), licensee.account.address]), true);
      assert.equal(await registry.read.isLicensed([BigInt(styleId), stranger.account.address]), false);
      assert.equal(await registry.read.isLicensed([BigInt(otherStyle), licensee.account.address]), false);
      assert.equal(await registry.read.isLicensed([99n, licensee.account.address]), false);
    });

    it("turns false once the licence has expired", async () => {
      const { registry, licensee, styleId } = await networkHelpers.loadFixture(deployWithLicence);
      await time.increase(TERMS.duration - 10);
      assert.equal(await registry.read.isLicensed([BigInt(styleId), licensee.account.address]), true);
      await time.increase(10);
      assert.equal(await registry.read.isLicensed([BigInt(styleId), licensee.account.address]), false);
    });

    it("turns false once the licence is revoked", async () => {
      const { registry, artist, licensee, styleId, licenceId } = await networkHelpers.loadFixture(deployWithLicence);
      await mined(registry.write.revokeLicence([licenceId], { account: artist.account }));
      assert.equal(await registry.read.isLicensed([BigInt(styleId), licensee.account.address]), false);
    });

    it("turns false once the licence's track cap is used up", async () => {
      const { registry, artist, licensee } = await networkHelpers.loadFixture(deployRegistry);
      const styleId = await registerStyle(registry, artist, { ...TERMS, maxTracks: 1 });
      const licenceId = await buyLicence(registry, licensee, styleId);
      assert.equal(await registry.read.isLicensed([BigInt(styleId), licensee.account.address]), true);
      await mined(register(registry, licensee, generatedRecord(licensee.account.address, styleId, licenceId)));
      assert.equal(await registry.read.isLicensed([BigInt(styleId), licensee.account.address]), false);
    });

    it("judges only the account's latest licence of the style", async () => {
      const { registry, artist, licensee, relayer, domain, styleId } =
        await networkHelpers.loadFixture(deployWithLicence);
      const grant = licenceGrant(licensee.account.address, { expiresAt: (await time.latest()) + DAY });
      await mined(
        registry.write.grantLicenceBySig([grant, await signGrant(artist, grant, domain)], { account: relayer.account }),
      );
      await mined(registry.write.revokeLicence([2n], { account: artist.account }));
      // Licence 1 is still valid, but licence 2 is the latest and it is revoked.
      assert.equal(await registry.read.isLicensed([BigInt(styleId), licensee.account.address]), false);
      await mined(
        register(
          registry,
          licensee,
          generatedRecord(licensee.account.address, styleId, 1n),
        ),
      );
    });
  });

  describe("licence", () => {
    it("reverts for id 0 and for ids never issued", async () => {
      const { registry } = await networkHelpers.loadFixture(deployWithLicence);
      for (const id of [0n, 2n, 2n ** 64n]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          registry.read.licence([id]),
          registry,
          "StyleRegistryUnknownLicence",
          [id],
        );
      }
    });
  });

  // -------------------------------------------------------------------------------------------------------------------
  // Track records
  // -------------------------------------------------------------------------------------------------------------------

  describe("register", () => {
    describe("kinds", () => {
      it("registers an Original without style and emits TrackRegistered with every field", async () => {
        const { registry, stranger } = await networkHelpers.loadFixture(deployWithLicence);
        const r = trackRecord(stranger.account.address);
        await viem.assertions.emitWithArgs(register(registry, stranger, r), registry, "TrackRegistered", [
          ...trackRegisteredArgs(r),
        ]);
        assert.equal(await registry.read.recordHashOf([r.contentHash]), hashTrackRecord(r));
        assert.equal(await registry.read.isRegistered([r]), true);
      });

      it("registers an Original in the registrant's own style without a licence", async () => {
        const { registry, artist, styleId } = await networkHelpers.loadFixture(deployWithLicence);
        const r = trackRecord(artist.account.address, { styleId });
        await viem.assertions.emitWithArgs(register(registry, artist, r), registry, "TrackRegistered", [
          ...trackRegisteredArgs(r),
        ]);
      });

      it("registers a Generated track under the registrant's licence", async () => {
        const { registry, licensee, styleId, licenceId } = await networkHelpers.loadFixture(deployWithLicence);
        const r = generatedRecord(licensee.account.address, styleId, licenceId);
        const hash = await register(registry, licensee, r);
        await viem.assertions.emitWithArgs(hash, registry, "TrackRegistered", [...trackRegisteredArgs(r)]);
        // An uncapped licence is not written: its remaining count stays at the sentinel.
        assert.equal((await registry.read.licence([licenceId])).remaining, UNLIMITED);
        assert.equal(await registry.read.isRegistered([r]), true);
      });

      it("registers a Generated track by the style's artist without a licence", async () => {
        const { registry, artist, styleId } = await networkHelpers.loadFixture(deployWithLicence);
        const r = trackRecord(artist.account.address, { kind: TrackKind.Generated, styleId });
        await mined(register(registry, artist, r));
        assert.equal(await registry.read.isRegistered([r]), true);
      });

      it("registers a Derivative of registered parents, with or without a style", async () => {
        const { registry, licensee, stranger, styleId, licenceId } =
          await networkHelpers.loadFixture(deployWithLicence);
        const a = trackRecord(stranger.account.address);
        const b = trackRecord(licensee.account.address);
        await mined(register(registry, stranger, a));
        await mined(register(registry, licensee, b));

        const unstyled = trackRecord(licensee.account.address, {
          kind: TrackKind.Derivative,
          parents: [a.contentHash, b.contentHash],
        });
        await viem.assertions.emitWithArgs(register(registry, licensee, unstyled), registry, "TrackRegistered", [
          ...trackRegisteredArgs(unstyled),
        ]);

        const styled = trackRecord(licensee.account.address, {
          kind: TrackKind.Derivative,
          styleId,
          licenceId,
          parents: [unstyled.contentHash],
        });
        await viem.assertions.emitWithArgs(register(registry, licensee, styled), registry, "TrackRegistered", [
          ...trackRegisteredArgs(styled),
        ]);
      });

      it("accepts exactly 16 parents", async () => {
        const { registry, stranger } = await networkHelpers.loadFixture(deployWithLicence);
        const parents: Hex[] = [];
        for (let i = 0; i < 16; i++) {
          const parent = trackRecord(stranger.account.address);
          await mined(register(registry, stranger, parent));
          parents.push(parent.contentHash);
        }
        assert.equal(await registry.read.MAX_PARENTS(), 16n);
        const child = trackRecord(stranger.account.address, { kind: TrackKind.Derivative, parents });
        await mined(register(registry, stranger, child));
        assert.equal(await registry.read.isRegistered([child]), true);
      });

      it("rejects an Original with parents", async () => {
        const { registry, stranger } = await networkHelpers.loadFixture(deployWithLicence);
        const parent = trackRecord(stranger.account.address);
        await mined(register(registry, stranger, parent));
        await viem.assertions.revertWithCustomErrorWithArgs(
          register(registry, stranger, trackRecord(stranger.account.address, { parents: [parent.contentHash] })),
          registry,
          "TrackRegistryInvalidKind",
          [TrackKind.Original],
        );
      });

      it("rejects an Original that names a licence (an original is not made under one)", async () => {
        const { registry, licensee, licenceId, styleId } = await networkHelpers.loadFixture(deployWithLicence);
        await viem.assertions.revertWithCustomErrorWithArgs(
          register(registry, licensee, trackRecord(licensee.account.address, { styleId: Number(styleId), licenceId })),
          registry,
          "TrackRegistryInvalidKind",
          [TrackKind.Original],
        );
      });

      it("rejects a Generated track without a style", async () => {
        const { registry, licensee } = await networkHelpers.loadFixture(deployWithLicence);
        await viem.assertions.revertWithCustomErrorWithArgs(
          register(registry, licensee, trackRecord(licensee.account.address, { kind: TrackKind.Generated })),
          registry,
          "TrackRegistryInvalidKind",
          [TrackKind.Generated],
        );
      });

      it("rejects a Derivative without parents", async () => {
        const { registry, licensee } = await networkHelpers.loadFixture(deployWithLicence);
        await viem.assertions.revertWithCustomErrorWithArgs(
          register(registry, licensee, trackRecord(licensee.account.address, { kind: TrackKind.Derivative })),
          registry,
          "TrackRegistryInvalidKind",
          [TrackKind.Derivative],
        );
      });

      it("rejects a licence without a style", async () => {
        const { registry, licensee, licenceId } = await networkHelpers.loadFixture(deployWithLicence);
        await viem.assertions.revertWithCustomErrorWithArgs(
          register(registry, licensee, trackRecord(licensee.account.address, { licenceId })),
          registry,
          "TrackRegistryInvalidKind",
          [TrackKind.Original],
        );
      });

      it("rejects a kind outside the enum without a reason", async () => {
        const { registry, stranger } = await networkHelpers.loadFixture(deployWithLicence);
        const r = trackRecord(stranger.account.address);
        await viem.assertions.revert(
          registry.write.register([r.contentHash, 3, 0, 0n, [], r.manifestDigest], { account: stranger.account }),
        );
      });
    });

    describe("styles without a licence", () => {
      it("requires a licence from anyone but the style's artist", async () => {
        const { registry, licensee, styleId } = await networkHelpers.loadFixture(deployWithLicence);
        for (const kind of [TrackKind.Original, TrackKind.Generated]) {
          await viem.assertions.revertWithCustomErrorWithArgs(
            register(registry, licensee, trackRecord(licensee.account.address, { kind, styleId })),
            registry,
            "TrackRegistryLicenceRequired",
            [BigInt(styleId)],
          );
        }
      });

      it("requires a licence for an unknown style", async () => {
        const { registry, licensee } = await networkHelpers.loadFixture(deployWithLicence);
        await viem.assertions.revertWithCustomErrorWithArgs(
          register(
            registry,
            licensee,
            trackRecord(licensee.account.address, { kind: TrackKind.Generated, styleId: 9 }),
          ),
          registry,
          "TrackRegistryLicenceRequired",
          [9n],
        );
      });
    });

    describe("parents", () => {
      it("rejects a parent that is not registered", async () => {
        const { registry, stranger } = await networkHelpers.loadFixture(deployWithLicence);
        const registered = trackRecord(stranger.account.address);
        await mined(register(registry, stranger, registered));
        const unknown = freshHash("unknown");
        await viem.assertions.revertWithCustomErrorWithArgs(
          register(
            registry,
            stranger,
            trackRecord(stranger.account.address, {
              kind: TrackKind.Derivative,
              parents: [registered.contentHash, unknown],
            }),
          ),
          registry,
          "TrackRegistryUnknownParent",
          [unknown],
        );
      });

      it("rejects the track itself as a parent", async () => {
        const { registry, stranger } = await networkHelpers.loadFixture(deployWithLicence);
        const self = freshHash("self");
        await viem.assertions.revertWithCustomErrorWithArgs(
          register(
            registry,
            stranger,
            trackRecord(stranger.account.address, { contentHash: self, kind: TrackKind.Derivative, parents: [self] }),
          ),
          registry,
          "TrackRegistryUnknownParent",
          [self],
        );
      });

      it("rejects more than 16 parents", async () => {
        const { registry, stranger } = await networkHelpers.loadFixture(deployWithLicence);
        const parents = Array.from({ length: 17 }, () => freshHash("parent"));
        await viem.assertions.revertWithCustomErrorWithArgs(
          register(registry, stranger, trackRecord(stranger.account.address, { kind: TrackKind.Derivative, parents })),
          registry,
          "TrackRegistryTooManyParents",
          [17n],
        );
      });
    });

    describe("records", () => {
      it("rejects content that is already registered, by anyone", async () => {
        const { registry, stranger, licensee } = await networkHelpers.loadFixture(deployWithLicence);
        const first = trackRecord(stranger.account.address);
        await mined(register(registry, stranger, first));
        for (const [from, r] of [
          [stranger, first],
          [licensee, trackRecord(licensee.account.address, { contentHash: first.contentHash })],
        ] as const) {
          await viem.assertions.revertWithCustomErrorWithArgs(
            register(registry, from, r),
            registry,
            "TrackRegistryAlreadyRegistered",
            [first.contentHash],
          );
        }
      });

      it("rejects a zero content hash or a zero manifest digest", async () => {
        const { registry, stranger } = await networkHelpers.loadFixture(deployWithLicence);
        for (const over of [{ contentHash: zeroHash }, { manifestDigest: zeroHash }]) {
          await viem.assertions.revertWithCustomError(
            register(registry, stranger, trackRecord(stranger.account.address, over)),
            registry,
            "TrackRegistryInvalidRecord",
          );
        }
      });

      it("stores the hash that hashTrackRecord computes, and hashRecord agrees", async () => {
        const { registry, licensee, stranger, styleId, licenceId } =
          await networkHelpers.loadFixture(deployWithLicence);
        const parent = trackRecord(stranger.account.address);
        await mined(register(registry, stranger, parent));
        const r = trackRecord(licensee.account.address, {
          kind: TrackKind.Generated,
          styleId,
          licenceId,
          parents: [parent.contentHash],
        });
        assert.equal(await registry.read.recordHashOf([r.contentHash]), zeroHash);
        await mined(register(registry, licensee, r));
        assert.equal(await registry.read.recordHashOf([r.contentHash]), hashTrackRecord(r));
        assert.equal(await registry.read.hashRecord([r]), hashTrackRecord(r));
      });

      it("confirms the exact registered record and denies it when any field differs", async () => {
        const { registry, licensee, stranger, styleId, licenceId } =
          await networkHelpers.loadFixture(deployWithLicence);
        const parent = trackRecord(stranger.account.address);
        await mined(register(registry, stranger, parent));
        const r = trackRecord(licensee.account.address, {
          kind: TrackKind.Generated,
          styleId,
          licenceId,
          parents: [parent.contentHash],
        });
        await mined(register(registry, licensee, r));
        assert.equal(await registry.read.isRegistered([r]), true);

        const changes: Partial<TrackRecord>[] = [
          { contentHash: freshHash() },
          { registrant: stranger.account.address },
          { kind: TrackKind.Derivative },
          { styleId: styleId + 1 },
          { licenceId: licenceId + 1n },
          { parents: [] },
          { parents: [parent.contentHash, parent.contentHash] },
          { manifestDigest: freshHash() },
        ];
        for (const change of changes) {
          const changed = Object.keys(change).join(", ");
          assert.equal(await registry.read.isRegistered([{ ...r, ...change }]), false, `changed ${changed}`);
        }
        assert.equal(await registry.read.isRegistered([trackRecord(licensee.account.address)]), false);
      });
    });

    describe("licences", () => {
      it("rejects an unknown licence", async () => {
        const { registry, licensee, styleId } = await networkHelpers.loadFixture(deployWithLicence);
        await viem.assertions.revertWithCustomErrorWithArgs(
          register(registry, licensee, generatedRecord(licensee.account.address, styleId, 5n)),
          registry,
          "StyleRegistryUnknownLicence",
          [5n],
        );
      });

      it("rejects another account's licence", async () => {
        const { registry, stranger, styleId, licenceId } = await networkHelpers.loadFixture(deployWithLicence);
        await viem.assertions.revertWithCustomErrorWithArgs(
          register(registry, stranger, generatedRecord(stranger.account.address, styleId, licenceId)),
          registry,
          "StyleRegistryNotLicensee",
          [licenceId, stranger.account.address],
        );
      });

      it("rejects a licence of another style", async () => {
        const { registry, otherArtist, licensee, licenceId } = await networkHelpers.loadFixture(deployWithLicence);
        const otherStyle = await registerStyle(registry, otherArtist);
        await viem.assertions.revertWithCustomErrorWithArgs(
          register(
            registry,
            licensee,
            trackRecord(licensee.account.address, { kind: TrackKind.Generated, styleId: otherStyle, licenceId }),
          ),
          registry,
          "StyleRegistryWrongStyle",
          [licenceId, BigInt(otherStyle)],
        );
      });

      it("accepts a licence up to the second before its expiry and rejects it from then on", async () => {
        const { registry, licensee, styleId, licenceId } = await networkHelpers.loadFixture(deployWithLicence);
        const { expiresAt } = await registry.read.licence([licenceId]);
        const generated = () => generatedRecord(licensee.account.address, styleId, licenceId);

        await atTimestamp(expiresAt - 1, () => mined(register(registry, licensee, generated())));
        await atTimestamp(expiresAt, () =>
          viem.assertions.revertWithCustomErrorWithArgs(
            register(registry, licensee, generated()),
            registry,
            "StyleRegistryLicenceExpired",
            [licenceId, BigInt(expiresAt)],
          ),
        );
      });

      it("rejects a revoked licence", async () => {
        const { registry, artist, licensee, styleId, licenceId } = await networkHelpers.loadFixture(deployWithLicence);
        await mined(registry.write.revokeLicence([licenceId], { account: artist.account }));
        await viem.assertions.revertWithCustomErrorWithArgs(
          register(registry, licensee, generatedRecord(licensee.account.address, styleId, licenceId)),
          registry,
          "StyleRegistryLicenceRevoked",
          [licenceId],
        );
      });

      it("counts tracks against the cap and rejects the track after the last", async () => {
        const { registry, artist, licensee } = await networkHelpers.loadFixture(deployRegistry);
        const styleId = await registerStyle(registry, artist, { ...TERMS, maxTracks: 2 });
        const licenceId = await buyLicence(registry, licensee, styleId);
        const generated = () => generatedRecord(licensee.account.address, styleId, licenceId);

        await mined(register(registry, licensee, generated()));
        assert.equal((await registry.read.licence([licenceId])).remaining, 1);
        await mined(register(registry, licensee, generated()));
        const exhausted = await registry.read.licence([licenceId]);
        assert.equal(exhausted.remaining, 0);
        // Decrementing the packed counter leaves the other fields of the slot alone.
        assert.equal(exhausted.flags, Flags.COMMERCIAL | Flags.DERIVATIVES);
        assert.equal(exhausted.expiresAt, exhausted.issuedAt + TERMS.duration);
        assert.equal(exhausted.licensee, getAddress(licensee.account.address));

        await viem.assertions.revertWithCustomErrorWithArgs(
          register(registry, licensee, generated()),
          registry,
          "StyleRegistryTrackCapReached",
          [licenceId],
        );
      });

      it("rejects a record with parents under a licence without derivatives, and accepts one without", async () => {
        const { registry, artist, licensee, stranger } = await networkHelpers.loadFixture(deployRegistry);
        const styleId = await registerStyle(registry, artist, { ...TERMS, derivatives: false });
        const licenceId = await buyLicence(registry, licensee, styleId);
        const parent = trackRecord(stranger.account.address);
        await mined(register(registry, stranger, parent));

        for (const kind of [TrackKind.Generated, TrackKind.Derivative]) {
          await viem.assertions.revertWithCustomErrorWithArgs(
            register(
              registry,
              licensee,
              trackRecord(licensee.account.address, { kind, styleId, licenceId, parents: [parent.contentHash] }),
            ),
            registry,
            "StyleRegistryDerivativesNotAllowed",
            [licenceId],
          );
        }
        await mined(register(registry, licensee, generatedRecord(licensee.account.address, styleId, licenceId)));
      });
    });
  });

  // -------------------------------------------------------------------------------------------------------------------
  // Batches
  // -------------------------------------------------------------------------------------------------------------------

  describe("batches", () => {
    /** `deployWithLicence`, plus four records by the licensee in one tree (not anchored). */
    async function deployWithTree() {
      const world = await deployWithLicence();
      const { licensee, stranger, styleId, licenceId } = world;
      const parent = trackRecord(stranger.account.address);
      await mined(register(world.registry, stranger, parent));
      const records = [
        generatedRecord(licensee.account.address, styleId, licenceId),
        trackRecord(licensee.account.address),
        trackRecord(licensee.account.address, { kind: TrackKind.Derivative, parents: [parent.contentHash] }),
        generatedRecord(licensee.account.address, styleId, licenceId, { parents: [parent.contentHash] }),
      ];
      return { ...world, records, batch: merkleBatch(records), leavesDigest: freshHash("leaves") };
    }

    /** `deployWithTree`, anchored by the licensee. */
    async function deployWithBatch() {
      const world = await deployWithTree();
      await mined(
        world.registry.write.anchorBatch([world.batch.root, world.records.length, world.leavesDigest], {
          account: world.licensee.account,
        }),
      );
      return world;
    }

    describe("anchorBatch", () => {
      it("anchors a root for the caller and emits BatchAnchored", async () => {
        const { registry, licensee, records, batch, leavesDigest } = await networkHelpers.loadFixture(deployWithTree);
        const anchoredAt = (await time.latest()) + 5;
        await atTimestamp(anchoredAt, () =>
          viem.assertions.emitWithArgs(
            registry.write.anchorBatch([batch.root, records.length, leavesDigest], { account: licensee.account }),
            registry,
            "BatchAnchored",
            [batch.root, licensee.account.address, records.length, leavesDigest],
          ),
        );
        assert.deepEqual(await registry.read.batch([licensee.account.address, batch.root]), {
          anchorer: getAddress(licensee.account.address),
          anchoredAt: BigInt(anchoredAt),
          size: records.length,
        });
      });

      it("reports an unknown root, or a root anchored by someone else, as an empty batch", async () => {
        const { registry, licensee, stranger, batch } = await networkHelpers.loadFixture(deployWithBatch);
        const empty = { anchorer: zeroAddress, anchoredAt: 0n, size: 0 };
        assert.deepEqual(await registry.read.batch([licensee.account.address, freshHash()]), empty);
        assert.deepEqual(await registry.read.batch([stranger.account.address, batch.root]), empty);
      });

      it("rejects a zero root or a zero size", async () => {
        const { registry, licensee, batch } = await networkHelpers.loadFixture(deployWithTree);
        for (const [root, size] of [
          [zeroHash, 4],
          [batch.root, 0],
        ] as const) {
          await viem.assertions.revertWithCustomError(
            registry.write.anchorBatch([root, size, freshHash()], { account: licensee.account }),
            registry,
            "TrackRegistryInvalidBatch",
          );
        }
      });

      it("rejects a root the caller already anchored", async () => {
        const { registry, licensee, batch } = await networkHelpers.loadFixture(deployWithBatch);
        await viem.assertions.revertWithCustomErrorWithArgs(
          registry.write.anchorBatch([batch.root, 4, freshHash()], { account: licensee.account }),
          registry,
          "TrackRegistryBatchExists",
          [batch.root],
        );
      });

      it("cannot be blocked by someone anchoring the same root first", async () => {
        const { registry, licensee, stranger, relayer, records, batch } = await networkHelpers.loadFixture(deployWithTree);
        // A front-runner copies the root from the pending transaction and anchors it under its own name.
        await mined(registry.write.anchorBatch([batch.root, records.length, freshHash()], { account: stranger.account }));
        await mined(registry.write.anchorBatch([batch.root, records.length, freshHash()], { account: licensee.account }));
        const [r] = records;
        assert.ok(r);
        assert.equal(await registry.read.verifyInclusion([batch.root, r, batch.proof(0)]), true);
        await mined(registry.write.promote([batch.root, r, batch.proof(0)], { account: relayer.account }));
        assert.equal(await registry.read.isRegistered([r]), true);
      });
    });

    describe("verifyInclusion", () => {
      it("is true for every record of the batch", async () => {
        const { registry, records, batch } = await networkHelpers.loadFixture(deployWithBatch);
        for (const [index, r] of records.entries()) {
          assert.equal(await registry.read.verifyInclusion([batch.root, r, batch.proof(index)]), true);
        }
      });

      it("is false for a record outside the batch and for any change to a member", async () => {
        const { registry, licensee, records, batch } = await networkHelpers.loadFixture(deployWithBatch);
        const [member] = records;
        assert.ok(member);
        const outsider = trackRecord(licensee.account.address);
        assert.equal(await registry.read.verifyInclusion([batch.root, outsider, batch.proof(0)]), false);
        for (const change of [
          { contentHash: freshHash() },
          { kind: TrackKind.Original },
          { styleId: 2 },
          { licenceId: 2n },
          { parents: [freshHash()] },
          { manifestDigest: freshHash() },
        ] satisfies Partial<TrackRecord>[]) {
          assert.equal(
            await registry.read.verifyInclusion([batch.root, { ...member, ...change }, batch.proof(0)]),
            false,
            `changed ${Object.keys(change).join(", ")}`,
          );
        }
      });

      it("is false with another member's proof", async () => {
        const { registry, records, batch } = await networkHelpers.loadFixture(deployWithBatch);
        assert.ok(records[0]);
        assert.equal(await registry.read.verifyInclusion([batch.root, records[0], batch.proof(1)]), false);
      });

      it("is false for a root that is not anchored, even with a proof valid for that root", async () => {
        const { registry, records, batch } = await networkHelpers.loadFixture(deployWithTree);
        assert.ok(records[0]);
        assert.equal(await registry.read.verifyInclusion([batch.root, records[0], batch.proof(0)]), false);
      });

      it("is false against another anchored root", async () => {
        const { registry, licensee, records, batch } = await networkHelpers.loadFixture(deployWithBatch);
        const other = merkleBatch([trackRecord(licensee.account.address), trackRecord(licensee.account.address)]);
        await mined(registry.write.anchorBatch([other.root, 2, freshHash()], { account: licensee.account }));
        assert.ok(records[0]);
        assert.equal(await registry.read.verifyInclusion([other.root, records[0], batch.proof(0)]), false);
      });

      it("is false for a record in the tree that names a registrant other than the anchorer", async () => {
        const { registry, licensee, stranger } = await networkHelpers.loadFixture(deployWithLicence);
        const foreign = trackRecord(stranger.account.address);
        const mixed = merkleBatch([trackRecord(licensee.account.address), foreign]);
        await mined(registry.write.anchorBatch([mixed.root, 2, freshHash()], { account: licensee.account }));
        assert.equal(await registry.read.verifyInclusion([mixed.root, foreign, mixed.proof(1)]), false);
      });
    });

    describe("promote", () => {
      it("registers a batched record submitted by anyone, emitting TrackRegistered and TrackPromoted", async () => {
        const { registry, relayer, records, batch } = await networkHelpers.loadFixture(deployWithBatch);
        for (const [index, r] of records.entries()) {
          const hash = await registry.write.promote([batch.root, r, batch.proof(index)], { account: relayer.account });
          await viem.assertions.emitWithArgs(hash, registry, "TrackRegistered", [...trackRegisteredArgs(r)]);
          await viem.assertions.emitWithArgs(hash, registry, "TrackPromoted", [r.contentHash, batch.root]);
          assert.equal(await registry.read.recordHashOf([r.contentHash]), hashTrackRecord(r));
          assert.equal(await registry.read.isRegistered([r]), true);
        }
      });

      it("promotes the only record of a one-record batch with an empty proof", async () => {
        const { registry, licensee, relayer } = await networkHelpers.loadFixture(deployWithLicence);
        const r = trackRecord(licensee.account.address);
        const single = merkleBatch([r]);
        assert.deepEqual(single.proof(0), []);
        await mined(registry.write.anchorBatch([single.root, 1, freshHash()], { account: licensee.account }));
        await mined(registry.write.promote([single.root, r, []], { account: relayer.account }));
        assert.equal(await registry.read.isRegistered([r]), true);
      });

      it("rejects a proof that does not show the record in the batch", async () => {
        const { registry, relayer, licensee, records, batch } = await networkHelpers.loadFixture(deployWithBatch);
        const [member] = records;
        assert.ok(member);
        const attempts: [TrackRecord, Hex[]][] = [
          [member, batch.proof(1)],
          [member, []],
          [{ ...member, manifestDigest: freshHash() }, batch.proof(0)],
          [trackRecord(licensee.account.address), batch.proof(0)],
        ];
        for (const [r, proof] of attempts) {
          await viem.assertions.revertWithCustomError(
            registry.write.promote([batch.root, r, proof], { account: relayer.account }),
            registry,
            "TrackRegistryInvalidProof",
          );
        }
      });

      it("rejects an unknown batch", async () => {
        const { registry, relayer, records, batch } = await networkHelpers.loadFixture(deployWithTree);
        assert.ok(records[0]);
        await viem.assertions.revertWithCustomErrorWithArgs(
          registry.write.promote([batch.root, records[0], batch.proof(0)], { account: relayer.account }),
          registry,
          "TrackRegistryUnknownBatch",
          [batch.root],
        );
      });

      it("rejects a record naming a registrant other than the anchorer", async () => {
        const { registry, licensee, stranger, relayer } = await networkHelpers.loadFixture(deployWithLicence);
        const foreign = trackRecord(stranger.account.address);
        const mixed = merkleBatch([trackRecord(licensee.account.address), foreign]);
        await mined(registry.write.anchorBatch([mixed.root, 2, freshHash()], { account: licensee.account }));
        // The batch is looked up under the record's registrant, who anchored nothing with this root.
        await viem.assertions.revertWithCustomErrorWithArgs(
          registry.write.promote([mixed.root, foreign, mixed.proof(1)], { account: relayer.account }),
          registry,
          "TrackRegistryUnknownBatch",
          [mixed.root],
        );
        assert.equal(await registry.read.verifyInclusion([mixed.root, foreign, mixed.proof(1)]), false);
      });

      it("rejects a record promoted twice", async () => {
        const { registry, relayer, records, batch } = await networkHelpers.loadFixture(deployWithBatch);
        const [r] = records;
        assert.ok(r);
        await mined(registry.write.promote([batch.root, r, batch.proof(0)], { account: relayer.account }));
        await viem.assertions.revertWithCustomErrorWithArgs(
          registry.write.promote([batch.root, r, batch.proof(0)], { account: relayer.account }),
          registry,
          "TrackRegistryAlreadyRegistered",
          [r.contentHash],
        );
      });

      it("rejects a record whose content was registered directly first, even by another account", async () => {
        const { registry, stranger, relayer, records, batch } = await networkHelpers.loadFixture(deployWithBatch);
        const [r] = records;
        assert.ok(r);
        const squatter = trackRecord(stranger.account.address, { contentHash: r.contentHash });
        await mined(register(registry, stranger, squatter));
        await viem.assertions.revertWithCustomErrorWithArgs(
          registry.write.promote([batch.root, r, batch.proof(0)], { account: relayer.account }),
          registry,
          "TrackRegistryAlreadyRegistered",
          [r.contentHash],
        );
      });

      it("applies register's rules when promoting, e.g. parents must be registered by then", async () => {
        const { registry, licensee, relayer } = await networkHelpers.loadFixture(deployWithLicence);
        const parent = trackRecord(licensee.account.address);
        const child = trackRecord(licensee.account.address, {
          kind: TrackKind.Derivative,
          parents: [parent.contentHash],
        });
        const tree = merkleBatch([parent, child]);
        await mined(registry.write.anchorBatch([tree.root, 2, freshHash()], { account: licensee.account }));

        await viem.assertions.revertWithCustomErrorWithArgs(
          registry.write.promote([tree.root, child, tree.proof(1)], { account: relayer.account }),
          registry,
          "TrackRegistryUnknownParent",
          [parent.contentHash],
        );
        await mined(registry.write.promote([tree.root, parent, tree.proof(0)], { account: relayer.account }));
        await mined(registry.write.promote([tree.root, child, tree.proof(1)], { account: relayer.account }));
      });

      describe("licences, judged at the batch's anchoring time", () => {
        it("promotes a record whose licence was revoked after anchoring", async () => {
          const { registry, artist, relayer, records, batch, licenceId } =
            await networkHelpers.loadFixture(deployWithBatch);
          await mined(registry.write.revokeLicence([licenceId], { account: artist.account }));
          assert.ok(records[0]);
          await mined(registry.write.promote([batch.root, records[0], batch.proof(0)], { account: relayer.account }));
          assert.equal(await registry.read.isRegistered([records[0]]), true);
        });

        it("promotes a record whose licence expired after anchoring", async () => {
          const { registry, relayer, records, batch } = await networkHelpers.loadFixture(deployWithBatch);
          await time.increase(TERMS.duration + DAY);
          assert.ok(records[0]);
          await mined(registry.write.promote([batch.root, records[0], batch.proof(0)], { account: relayer.account }));
        });

        it("rejects a licence issued after anchoring", async () => {
          const { registry, licensee, relayer, styleId } = await networkHelpers.loadFixture(deployWithLicence);
          const nextLicenceId = 2n;
          const r = generatedRecord(licensee.account.address, styleId, nextLicenceId);
          const single = merkleBatch([r]);
          await mined(registry.write.anchorBatch([single.root, 1, freshHash()], { account: licensee.account }));
          assert.equal(await buyLicence(registry, licensee, styleId), nextLicenceId);
          const { issuedAt } = await registry.read.licence([nextLicenceId]);

          await viem.assertions.revertWithCustomErrorWithArgs(
            registry.write.promote([single.root, r, []], { account: relayer.account }),
            registry,
            "StyleRegistryLicenceNotYetIssued",
            [nextLicenceId, BigInt(issuedAt)],
          );
        });

        it("rejects a licence that had expired before anchoring", async () => {
          const { registry, licensee, relayer, styleId, licenceId } =
            await networkHelpers.loadFixture(deployWithLicence);
          const { expiresAt } = await registry.read.licence([licenceId]);
          await time.increase(TERMS.duration + DAY);
          const r = generatedRecord(licensee.account.address, styleId, licenceId);
          const single = merkleBatch([r]);
          await mined(registry.write.anchorBatch([single.root, 1, freshHash()], { account: licensee.account }));
          await viem.assertions.revertWithCustomErrorWithArgs(
            registry.write.promote([single.root, r, []], { account: relayer.account }),
            registry,
            "StyleRegistryLicenceExpired",
            [licenceId, BigInt(expiresAt)],
          );
        });

        it("rejects a licence that had been revoked before anchoring", async () => {
          const { registry, artist, licensee, relayer, styleId, licenceId } =
            await networkHelpers.loadFixture(deployWithLicence);
          await mined(registry.write.revokeLicence([licenceId], { account: artist.account }));
          const r = generatedRecord(licensee.account.address, styleId, licenceId);
          const single = merkleBatch([r]);
          await mined(registry.write.anchorBatch([single.root, 1, freshHash()], { account: licensee.account }));
          await viem.assertions.revertWithCustomErrorWithArgs(
            registry.write.promote([single.root, r, []], { account: relayer.account }),
            registry,
            "StyleRegistryLicenceRevoked",
            [licenceId],
          );
        });

        it("consumes the licence's cap at promotion, rejecting promotions beyond it", async () => {
          const { registry, artist, licensee, relayer } = await networkHelpers.loadFixture(deployRegistry);
          const styleId = await registerStyle(registry, artist, { ...TERMS, maxTracks: 2 });
          const licenceId = await buyLicence(registry, licensee, styleId);
          const records = [0, 1, 2].map(() => generatedRecord(licensee.account.address, styleId, licenceId));
          const [first, second, third] = records;
          assert.ok(first && second && third);
          const tree = merkleBatch(records);
          await mined(registry.write.anchorBatch([tree.root, 3, freshHash()], { account: licensee.account }));

          await mined(registry.write.promote([tree.root, first, tree.proof(0)], { account: relayer.account }));
          await mined(registry.write.promote([tree.root, second, tree.proof(1)], { account: relayer.account }));
          assert.equal((await registry.read.licence([licenceId])).remaining, 0);
          await viem.assertions.revertWithCustomErrorWithArgs(
            registry.write.promote([tree.root, third, tree.proof(2)], { account: relayer.account }),
            registry,
            "StyleRegistryTrackCapReached",
            [licenceId],
          );
        });

        it("still requires the licence to allow derivatives for a record with parents", async () => {
          const { registry, artist, licensee, stranger, relayer } = await networkHelpers.loadFixture(deployRegistry);
          const styleId = await registerStyle(registry, artist, { ...TERMS, derivatives: false });
          const licenceId = await buyLicence(registry, licensee, styleId);
          const parent = trackRecord(stranger.account.address);
          await mined(register(registry, stranger, parent));
          const r = trackRecord(licensee.account.address, {
            kind: TrackKind.Generated,
            styleId,
            licenceId,
            parents: [parent.contentHash],
          });
          const single = merkleBatch([r]);
          await mined(registry.write.anchorBatch([single.root, 1, freshHash()], { account: licensee.account }));
          await viem.assertions.revertWithCustomErrorWithArgs(
            registry.write.promote([single.root, r, []], { account: relayer.account }),
            registry,
            "StyleRegistryDerivativesNotAllowed",
            [licenceId],
          );
        });
      });
    });
  });

  // -------------------------------------------------------------------------------------------------------------------
  // Roles and pausing
  // -------------------------------------------------------------------------------------------------------------------

  describe("pause and unpause", () => {
    it("gives the constructor's admin DEFAULT_ADMIN_ROLE and PAUSER_ROLE, and nobody else", async () => {
      const { registry, admin, artist } = await networkHelpers.loadFixture(deployRegistry);
      const adminRole = await registry.read.DEFAULT_ADMIN_ROLE();
      const pauserRole = await registry.read.PAUSER_ROLE();
      assert.equal(pauserRole, keccak256(toHex("PAUSER_ROLE")));
      assert.equal(await registry.read.hasRole([adminRole, admin.account.address]), true);
      assert.equal(await registry.read.hasRole([pauserRole, admin.account.address]), true);
      assert.equal(await registry.read.hasRole([pauserRole, artist.account.address]), false);
      assert.equal(await registry.read.paused(), false);
    });

    it("lets a pauser pause and unpause, emitting Paused and Unpaused", async () => {
      const { registry, admin } = await networkHelpers.loadFixture(deployRegistry);
      await viem.assertions.emitWithArgs(registry.write.pause({ account: admin.account }), registry, "Paused", [
        admin.account.address,
      ]);
      assert.equal(await registry.read.paused(), true);
      await viem.assertions.emitWithArgs(registry.write.unpause({ account: admin.account }), registry, "Unpaused", [
        admin.account.address,
      ]);
      assert.equal(await registry.read.paused(), false);
    });

    it("lets an account granted PAUSER_ROLE by the admin pause", async () => {
      const { registry, admin, stranger } = await networkHelpers.loadFixture(deployRegistry);
      const pauserRole = await registry.read.PAUSER_ROLE();
      await mined(registry.write.grantRole([pauserRole, stranger.account.address], { account: admin.account }));
      await mined(registry.write.pause({ account: stranger.account }));
      assert.equal(await registry.read.paused(), true);
    });

    it("rejects pause and unpause from an account without PAUSER_ROLE", async () => {
      const { registry, admin, stranger } = await networkHelpers.loadFixture(deployRegistry);
      const pauserRole = await registry.read.PAUSER_ROLE();
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.pause({ account: stranger.account }),
        registry,
        "AccessControlUnauthorizedAccount",
        [stranger.account.address, pauserRole],
      );
      await mined(registry.write.pause({ account: admin.account }));
      await viem.assertions.revertWithCustomErrorWithArgs(
        registry.write.unpause({ account: stranger.account }),
        registry,
        "AccessControlUnauthorizedAccount",
        [stranger.account.address, pauserRole],
      );
    });

    it("rejects pausing twice and unpausing when not paused", async () => {
      const { registry, admin } = await networkHelpers.loadFixture(deployRegistry);
      await viem.assertions.revertWithCustomError(
        registry.write.unpause({ account: admin.account }),
        registry,
        "ExpectedPause",
      );
      await mined(registry.write.pause({ account: admin.account }));
      await viem.assertions.revertWithCustomError(
        registry.write.pause({ account: admin.account }),
        registry,
        "EnforcedPause",
      );
    });

    type PausedWorld = Awaited<ReturnType<typeof deployPaused>>;
    const stoppedWhilePaused: [string, (w: PausedWorld) => Promise<Hex>][] = [
      ["registerStyle", (w) => w.registry.write.registerStyle([STYLE_URI, TERMS], { account: w.otherArtist.account })],
      ["setTerms", (w) => w.registry.write.setTerms([1n, TERMS], { account: w.artist.account })],
      ["setStyleMetadata", (w) => w.registry.write.setStyleMetadata([1n, "ipfs://x"], { account: w.artist.account })],
      [
        "buyLicence",
        async (w) =>
          w.registry.write.buyLicence([1n, await termsVersionOf(w.registry, 1n)], {
            account: w.stranger.account,
            value: FEE,
          }),
      ],
      [
        "grantLicenceBySig",
        (w) => w.registry.write.grantLicenceBySig([w.grant, w.signature], { account: w.relayer.account }),
      ],
      ["register", (w) => register(w.registry, w.stranger, trackRecord(w.stranger.account.address))],
      [
        "anchorBatch",
        (w) => w.registry.write.anchorBatch([freshHash(), 1, freshHash()], { account: w.licensee.account }),
      ],
      [
        "promote",
        (w) => w.registry.write.promote([w.batch.root, w.promotable, w.batch.proof(0)], { account: w.relayer.account }),
      ],
    ];
    for (const [name, call] of stoppedWhilePaused) {
      it(`stops ${name} with EnforcedPause while paused`, async () => {
        const world = await networkHelpers.loadFixture(deployPaused);
        await viem.assertions.revertWithCustomError(call(world), world.registry, "EnforcedPause");
      });
    }

    it("lets withdraw, revokeLicence and cancelNonce run while paused", async () => {
      const { registry, artist, stranger, licenceId } = await networkHelpers.loadFixture(deployPaused);
      await viem.assertions.balancesHaveChanged(
        registry.write.withdraw([stranger.account.address], { account: artist.account }),
        [{ address: stranger.account.address, amount: FEE }],
      );
      await mined(registry.write.revokeLicence([licenceId], { account: artist.account }));
      await mined(registry.write.cancelNonce([99n], { account: artist.account }));
    });

    it("resumes everything after unpause", async () => {
      const world = await networkHelpers.loadFixture(deployPaused);
      await mined(world.registry.write.unpause({ account: world.admin.account }));
      for (const [, call] of stoppedWhilePaused) await mined(call(world));
    });
  });

  describe("supportsInterface", () => {
    it("reports ERC-165 and IAccessControl", async () => {
      const { registry } = await networkHelpers.loadFixture(deployRegistry);
      assert.equal(await registry.read.supportsInterface(["0x01ffc9a7"]), true);
      assert.equal(await registry.read.supportsInterface(["0x7965db0b"]), true);
      assert.equal(await registry.read.supportsInterface(["0xffffffff"]), false);
    });
  });
});
