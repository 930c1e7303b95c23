import type { Hex } from "viem";
import { requireSession } from "../../auth/require.js";
import type { LicenceGrant } from "../../chain/licence-grant.js";
import { InvalidInputError, UnavailableError } from "../../http/errors.js";
import type { GraphQLContext } from "../context.js";
import type { ArtistActions } from "./artist-actions.js";

/** The GraphQL input: a `LicenceGrant` whose licensee is not validated as an address yet. */
type LicenceGrantInput = Omit<LicenceGrant, "licensee"> & { licensee: string };

const HEX = /^0x(?:[0-9a-fA-F]{2})+$/;

function actions(context: GraphQLContext): ArtistActions {
  if (!context.services.artist) throw new UnavailableError("this server has no chain signer for artist transactions");
  return context.services.artist;
}

function hexArg(value: string, name: string): Hex {
  if (!HEX.test(value) || value.length > 2 + 2 * 64 * 1024) throw new InvalidInputError(`${name} must be 0x-prefixed hex`);
  return value as Hex;
}

function toGrant(input: LicenceGrantInput): LicenceGrant {
  if (!/^0x[0-9a-fA-F]{40}$/.test(input.licensee)) throw new InvalidInputError("grant.licensee must be an address");
  const inRange = (v: number, max: number, name: string) => {
    if (!Number.isInteger(v) || v < 0 || v > max) throw new InvalidInputError(`grant.${name} must be 0..${max}`);
    return v;
  };
  return {
    styleId: input.styleId,
    licensee: input.licensee as `0x${string}`,
    expiresAt: inRange(input.expiresAt, 2 ** 32 - 1, "expiresAt"),
    maxTracks: inRange(input.maxTracks, 2 ** 24 - 1, "maxTracks"),
    royaltyBps: inRange(input.royaltyBps, 10_000, "royaltyBps"),
    commercial: input.commercial,
    derivatives: input.derivatives,
    nonce: input.nonce,
    deadline: input.deadline,
  };
}

export const artistResolvers = {
  Mutation: {
    registerStyle: (_: unknown, { signedTransaction }: { signedTransaction: string }, context: GraphQLContext) => {
      const session = requireSession(context.principal, "registerStyle");
      return actions(context).relayStyleTransaction({
        signedTransaction: hexArg(signedTransaction, "signedTransaction"),
        expect: "registerStyle",
        artist: session.address,
      });
    },
    setTerms: (_: unknown, { signedTransaction }: { signedTransaction: string }, context: GraphQLContext) => {
      const session = requireSession(context.principal, "setTerms");
      return actions(context).relayStyleTransaction({
        signedTransaction: hexArg(signedTransaction, "signedTransaction"),
        expect: "setTerms",
        artist: session.address,
      });
    },
    grantLicence: (_: unknown, { grant, signature }: { grant: LicenceGrantInput; signature: string }, context: GraphQLContext) => {
      const session = requireSession(context.principal, "grantLicence");
      return actions(context).grantLicence({ grant: toGrant(grant), signature: hexArg(signature, "signature"), artist: session.address });
    },
  },
};
