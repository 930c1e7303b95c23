import { createSiweNonce } from "../../auth/siwe/create-siwe-nonce.js";
import { revokeSession } from "../../auth/siwe/revoke-session.js";
import { signInWithEthereum } from "../../auth/siwe/sign-in-with-ethereum.js";
import { requireSession } from "../../auth/require.js";
import type { GraphQLContext } from "../context.js";

export const authResolvers = {
  Query: {
    me: (_: unknown, __: unknown, { principal }: GraphQLContext) => {
      switch (principal.kind) {
        case "api-key":
          return { kind: "API_KEY", apiKeyId: principal.keyId, scopes: principal.scopes };
        case "session":
          return { kind: "SESSION", address: principal.address };
        default:
          return { kind: "ANONYMOUS" };
      }
    },
  },
  Mutation: {
    siweNonce: async (_: unknown, __: unknown, { services }: GraphQLContext) => {
      const { nonce, expiresAt } = await createSiweNonce(services.store, services.info.siwe);
      return { nonce, expiresAt, domain: services.info.siwe.domain, chainId: services.info.siwe.chainId };
    },
    signInWithEthereum: (_: unknown, args: { message: string; signature: string }, { services }: GraphQLContext) =>
      signInWithEthereum(services.store, services.info.siwe, args),
    signOut: async (_: unknown, __: unknown, { principal, bearerToken, services }: GraphQLContext) => {
      requireSession(principal, "signOut");
      return revokeSession(services.store, bearerToken!);
    },
  },
};
