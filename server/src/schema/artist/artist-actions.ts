import {
  decodeFunctionData,
  encodeFunctionData,
  keccak256,
  parseEventLogs,
  parseTransaction,
  recoverTransactionAddress,
  recoverTypedDataAddress,
  type Account,
  type Chain,
  type Hex,
  type PublicClient,
  type Transport,
  type TransactionSerialized,
  type WalletClient,
} from "viem";
import { ForbiddenError } from "../../auth/errors.js";
import { soundmarkRegistryAbi } from "../../chain/abi/SoundmarkRegistry.js";
import { contractErrorFrom } from "../../chain/contract-errors.js";
import type { Deployment } from "../../chain/deployment.js";
import type { TxManager } from "../../chain/tx-manager.js";
import { LICENCE_GRANT_TYPES, licenceGrantDomain, type LicenceGrant } from "../../chain/licence-grant.js";
import { InvalidInputError } from "../../http/errors.js";

/** A mined artist transaction, with the id it created. */
export interface ArtistTransaction {
  transactionHash: Hex;
  blockNumber: bigint;
  styleId: bigint | null;
  licenceId: bigint | null;
}

/** The chain writes of artists, relayed by the server. */
export interface ArtistActions {
  /**
   * Relays a transaction the artist signed (registerStyle or setTerms on the registry): the artist stays
   * `msg.sender`, the server only broadcasts and waits for it. The signer must be `artist`.
   */
  relayStyleTransaction(p: { signedTransaction: Hex; expect: "registerStyle" | "setTerms"; artist: `0x${string}` }): Promise<ArtistTransaction>;
  /** Submits the artist's EIP-712 LicenceGrant with the server's signer paying gas (grantLicenceBySig). */
  grantLicence(p: { grant: LicenceGrant; signature: Hex; artist: `0x${string}` }): Promise<ArtistTransaction>;
}

export interface CreateArtistActionsParameters {
  publicClient: PublicClient;
  walletClient: WalletClient<Transport, Chain, Account>;
  deployment: Deployment;
  confirmations?: number;
  /**
   * The server signer's transaction manager (shared with the track registrar: one nonce sequence, recorded before
   * broadcast, replaced when stuck). Without it the grant is sent straight from the wallet client (tests, scripts).
   */
  txManager?: TxManager;
}

/**
 * Artist actions on a deployment. Every write is simulated first, so a call the contract would refuse fails with
 * its decoded error (StyleRegistryNotArtist, StyleRegistryNonceUsed...) before gas is spent.
 */
export function createArtistActions({ publicClient, walletClient, deployment, confirmations = 1, txManager }: CreateArtistActionsParameters): ArtistActions {
  const registry = deployment.contracts.SoundmarkRegistry.address;

  async function mined(hash: Hex): Promise<ArtistTransaction> {
    const receipt = await publicClient.waitForTransactionReceipt({ hash, confirmations });
    const logs = parseEventLogs({ abi: soundmarkRegistryAbi, logs: receipt.logs });
    if (receipt.status !== "success") throw contractErrorFrom(new Error(`transaction ${hash} reverted`)) ?? new InvalidInputError(`transaction ${hash} reverted`);
    let styleId: bigint | null = null;
    let licenceId: bigint | null = null;
    for (const log of logs) {
      if (log.eventName === "StyleRegistered" || log.eventName === "StyleTermsUpdated") styleId = log.args.styleId;
      if (log.eventName === "LicenceIssued") {
        licenceId = log.args.licenceId;
        styleId = log.args.styleId;
      }
    }
    return { transactionHash: hash, blockNumber: receipt.blockNumber, styleId, licenceId };
  }

  function rethrow(error: unknown): never {
    throw contractErrorFrom(error) ?? error;
  }

  return {
    async relayStyleTransaction({ signedTransaction, expect, artist }) {
      let parsed: ReturnType<typeof parseTransaction>;
      let signer: `0x${string}`;
      try {
        parsed = parseTransaction(signedTransaction as TransactionSerialized);
        signer = await recoverTransactionAddress({ serializedTransaction: signedTransaction as TransactionSerialized });
      } catch (error) {
        throw new InvalidInputError("signedTransaction is not a signed Ethereum transaction", { details: String((error as Error).message).split("\n")[0] });
      }
      if (signer.toLowerCase() !== artist.toLowerCase()) {
        throw new ForbiddenError(`the transaction is signed by ${signer.toLowerCase()}, not by the signed-in artist ${artist}`);
      }
      if (parsed.chainId !== deployment.chainId) throw new InvalidInputError(`the transaction is for chain ${parsed.chainId}, not ${deployment.chainId}`);
      if (parsed.to?.toLowerCase() !== registry.toLowerCase()) throw new InvalidInputError(`the transaction is not addressed to the registry ${registry}`);
      let functionName: string;
      try {
        ({ functionName } = decodeFunctionData({ abi: soundmarkRegistryAbi, data: parsed.data ?? "0x" }));
      } catch {
        throw new InvalidInputError("the transaction does not call a registry function");
      }
      if (functionName !== expect) throw new InvalidInputError(`the transaction calls ${functionName}, expected ${expect}`);
      try {
        await publicClient.call({ account: signer, to: registry, data: parsed.data, value: parsed.value });
      } catch (error) {
        rethrow(error);
      }
      let hash: Hex;
      try {
        hash = await publicClient.sendRawTransaction({ serializedTransaction: signedTransaction as TransactionSerialized });
      } catch (error) {
        rethrow(error);
      }
      return mined(hash);
    },

    async grantLicence({ grant, signature, artist }) {
      const domain = licenceGrantDomain(deployment.chainId, registry);
      let signer: `0x${string}`;
      try {
        signer = await recoverTypedDataAddress({ domain, types: LICENCE_GRANT_TYPES, primaryType: "LicenceGrant", message: grant, signature });
      } catch {
        throw new InvalidInputError("signature is not an EIP-712 signature of this grant");
      }
      if (signer.toLowerCase() !== artist.toLowerCase()) {
        throw new ForbiddenError(`the grant is signed by ${signer.toLowerCase()}, not by the signed-in artist ${artist}`);
      }
      let hash: Hex;
      try {
        const { request } = await publicClient.simulateContract({
          account: walletClient.account,
          address: registry,
          abi: soundmarkRegistryAbi,
          functionName: "grantLicenceBySig",
          args: [grant, signature],
        });
        if (txManager) {
          // Keyed by the signature: the same signed grant submitted twice is one transaction, not a second attempt.
          const record = await txManager.sendAndWait({
            key: `grant:${keccak256(signature)}`,
            purpose: "grantLicence",
            to: registry,
            data: encodeFunctionData({ abi: soundmarkRegistryAbi, functionName: "grantLicenceBySig", args: [grant, signature] }),
          });
          hash = (record.minedHash ?? record.hashes.at(-1)) as Hex;
        } else {
          hash = await walletClient.writeContract(request);
        }
      } catch (error) {
        rethrow(error);
      }
      return mined(hash);
    },
  };
}
