import type { GraphQLContext } from "../context.js";
import { BigIntScalar, DateTimeScalar, JSONScalar, UploadScalar } from "./scalars.js";

export const baseResolvers = {
  Upload: UploadScalar,
  BigInt: BigIntScalar,
  DateTime: DateTimeScalar,
  JSON: JSONScalar,
  Query: {
    serverInfo: (_: unknown, __: unknown, { services }: GraphQLContext) => ({
      chainId: services.info.chainId,
      contracts: services.info.contracts,
      siweDomain: services.info.siwe.domain,
      maxUploadBytes: services.info.maxUploadBytes,
    }),
  },
};
