import { SiweMessage } from "siwe";
import { encodeFunctionData } from "viem";
import { soundmarkRegistryAbi } from "../../../server/src/chain/abi/SoundmarkRegistry.js";
import type { ConnectChainReturnType } from "../../../server/src/chain/connect.js";
import { LICENCE_GRANT_TYPES, licenceGrantDomain } from "../../../server/src/chain/licence-grant.js";
import type { DemoStack } from "../demo-stack.js";
import type { SoundmarkClient } from "../http-client.js";

/** The artist's share of a sale and of resales of what is made under the licence, in basis points. */
export const DEMO_ROYALTY_BPS = 1_000;

export interface ArtistLicence {
  artist: `0x${string}`;
  styleId: string;
  licenceId: string;
  styleTransaction: `0x${string}`;
  licenceTransaction: `0x${string}`;
}

/**
 * The artist signs in with Ethereum, registers a style (a transaction the artist signs and the server relays, so the
 * artist stays msg.sender) and signs an EIP-712 licence grant for the server's signer, which the server submits.
 */
export async function artistLicence(stack: DemoStack, api: SoundmarkClient, artist: ConnectChainReturnType, styleUri: string): Promise<ArtistLicence> {
  const account = artist.walletClient.account;
  const { siweNonce } = await api.graphql("mutation { siweNonce { nonce domain chainId } }");
  const message = new SiweMessage({
    domain: siweNonce.domain,
    address: account.address,
    uri: stack.serverUrl,
    version: "1",
    chainId: siweNonce.chainId,
    nonce: siweNonce.nonce,
    statement: "Register my style on Soundmark.",
  }).prepareMessage();
  const { signInWithEthereum } = await api.graphql("mutation($m: String!, $s: String!) { signInWithEthereum(message: $m, signature: $s) { token } }", {
    m: message,
    s: await artist.walletClient.signMessage({ account, message }),
  });
  const session = signInWithEthereum.token as string;

  const terms = { fee: 0n, royaltyBps: DEMO_ROYALTY_BPS, duration: 0, maxTracks: 0, commercial: true, derivatives: true, purchasable: false };
  const prepared = await artist.walletClient.prepareTransactionRequest({
    account,
    chain: artist.chain,
    to: stack.contracts.SoundmarkRegistry,
    data: encodeFunctionData({ abi: soundmarkRegistryAbi, functionName: "registerStyle", args: [styleUri, terms] }),
  });
  const signedTransaction = await artist.walletClient.signTransaction(prepared as never);
  const { registerStyle } = await api.graphql(
    "mutation($t: String!) { registerStyle(signedTransaction: $t) { transactionHash styleId } }",
    { t: signedTransaction },
    session,
  );

  const grant = {
    styleId: BigInt(registerStyle.styleId),
    licensee: stack.signer,
    expiresAt: 0,
    maxTracks: 0,
    royaltyBps: DEMO_ROYALTY_BPS,
    commercial: true,
    derivatives: true,
    nonce: BigInt(Date.now()),
    deadline: BigInt(Math.floor(Date.now() / 1000) + 3600),
  };
  const signature = await artist.walletClient.signTypedData({
    account,
    domain: licenceGrantDomain(stack.chainId, stack.contracts.SoundmarkRegistry),
    types: LICENCE_GRANT_TYPES,
    primaryType: "LicenceGrant",
    message: grant,
  });
  const { grantLicence } = await api.graphql(
    "mutation($g: LicenceGrantInput!, $s: String!) { grantLicence(grant: $g, signature: $s) { transactionHash licenceId styleId } }",
    { g: { ...grant, styleId: registerStyle.styleId, nonce: grant.nonce.toString(), deadline: grant.deadline.toString() }, s: signature },
    session,
  );
  await api.graphql("mutation { signOut }", undefined, session).catch(() => {});
  return {
    artist: account.address,
    styleId: registerStyle.styleId,
    licenceId: grantLicence.licenceId,
    styleTransaction: registerStyle.transactionHash,
    licenceTransaction: grantLicence.transactionHash,
  };
}
