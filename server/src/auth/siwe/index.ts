export { createSiweNonce, type CreateSiweNonceReturnType } from "./create-siwe-nonce.js";
export { signInWithEthereum, type SignInWithEthereumParameters, type SiweSession } from "./sign-in-with-ethereum.js";
export { verifySession, type VerifiedSession } from "./verify-session.js";
export { revokeSession } from "./revoke-session.js";
export { SESSION_TOKEN_PREFIX, type SiweConfig } from "./siwe-config.js";
