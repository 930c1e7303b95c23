import { SiweMessage } from "siwe";
import { createWalletClient, defineChain, encodeFunctionData, http, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { soundmarkRegistryAbi } from "../../../server/src/chain/abi/SoundmarkRegistry.js";
import { LICENCE_GRANT_TYPES, licenceGrantDomain } from "../../../server/src/chain/licence-grant.js";
import type { RunningServer } from "../../../server/src/server.js";
import type { LicenceGrant } from "../../../server/src/chain/licence-grant.js";
import type { apiClient, ChainNode } from "./e2e-stack.js";

export interface ArtistStyle {
  artist: Hex;
  styleId: string;
  licenceId: string;
  /** The artist's SIWE session token. */
  session: string;
  /** The SIWE domain the server announced (its host:port). */
  siweDomain: string;
  /** The signed licence grant, as submitted (a test can replay it). */
  grant: LicenceGrant;
  signature: Hex;
}

/** The grantLicence mutation's variables for a signed grant. */
export function grantVariables(grant: LicenceGrant, signature: Hex) {
  return { g: { ...grant, styleId: grant.styleId.toString(), nonce: grant.nonce.toString(), deadline: grant.deadline.toString() }, s: signature };
}

/**
 * What an artist's app does over the API: signs in with Ethereum, registers
 * a style with a 5% royalty through a relayed signed transaction, and grants the server's signer a licence by an
 * EIP-712 signature.
 */
export async function registerStyleAndLicence(api: ReturnType<typeof apiClient>, server: RunningServer, chain: ChainNode, artistKey: Hex): Promise<ArtistStyle> {
  const artist = privateKeyToAccount(artistKey);
  const { siweNonce } = await api.graphql("mutation { siweNonce { nonce domain chainId } }");
  const message = new SiweMessage({
    domain: siweNonce.domain,
    address: artist.address,
    uri: server.url,
    version: "1",
    chainId: siweNonce.chainId,
    nonce: siweNonce.nonce,
  }).prepareMessage();
  const { signInWithEthereum } = await api.graphql("mutation($m: String!, $s: String!) { signInWithEthereum(message: $m, signature: $s) { token } }", {
    m: message,
    s: await artist.signMessage({ message }),
  });
  const session = signInWithEthereum.token as string;

  const registry = server.contracts.SoundmarkRegistry;
  const chainOfServer = defineChain({
    id: server.chainId,
    name: "soundmark e2e",
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [chain.rpcUrl] } },
  });
  const wallet = createWalletClient({ account: artist, chain: chainOfServer, transport: http(chain.rpcUrl) });
  const terms = { fee: 0n, royaltyBps: 500, duration: 0, maxTracks: 0, commercial: true, derivatives: true, purchasable: false };
  const request = await wallet.prepareTransactionRequest({
    to: registry,
    data: encodeFunctionData({ abi: soundmarkRegistryAbi, functionName: "registerStyle", args: ["ipfs://e2e-style", terms] }),
  });
  const { registerStyle } = await api.graphql(
    "mutation($t: String!) { registerStyle(signedTransaction: $t) { styleId } }",
    { t: await wallet.signTransaction(request) },
    session,
  );
  const styleId = registerStyle.styleId as string;

  const grant: LicenceGrant = {
    styleId: BigInt(styleId),
    licensee: server.signer,
    expiresAt: 0,
    maxTracks: 0,
    royaltyBps: 500,
    commercial: true,
    derivatives: true,
    nonce: 1n,
    deadline: BigInt(Math.floor(Date.now() / 1000) + 3600),
  };
  const signature = await artist.signTypedData({ domain: licenceGrantDomain(server.chainId, registry), types: LICENCE_GRANT_TYPES, primaryType: "LicenceGrant", message: grant });
  const { grantLicence } = await api.graphql(
    "mutation($g: LicenceGrantInput!, $s: String!) { grantLicence(grant: $g, signature: $s) { licenceId styleId } }",
    grantVariables(grant, signature),
    session,
  );
  if (grantLicence.styleId !== styleId) throw new Error(`the licence is for style ${grantLicence.styleId}, not ${styleId}`);
  return { artist: artist.address, styleId, licenceId: grantLicence.licenceId as string, session, siweDomain: siweNonce.domain, grant, signature };
}
