import { requireScope } from "../../auth/require.js";
import { InvalidInputError } from "../../http/errors.js";
import type { DiskUpload } from "../../http/upload/disk-upload.js";
import type { GraphQLContext } from "../context.js";
import type { AudioMatch, CheckAudioResult } from "../services.js";

const SHA256 = /^[0-9a-f]{64}$/;
export const MAX_SIMILAR = 100;

/** Sorted best first whatever the producer did: clients rely on the order. */
export function bestFirst<T extends { score: number }>(matches: readonly T[]): T[] {
  return [...matches].sort((a, b) => b.score - a.score);
}

function hex(value: unknown): string | null {
  if (value instanceof Uint8Array) return Buffer.from(value).toString("hex");
  if (typeof value === "string") return value;
  return null;
}

export const checkResolvers = {
  AiGenerated: { YES: "yes", NO: "no", UNKNOWN: "unknown" },
  CheckResult: {
    matches: (result: CheckAudioResult) => bestFirst(result.matches),
    records: async (result: CheckAudioResult, _: unknown, { services }: GraphQLContext) => {
      const tracks = await Promise.all(bestFirst(result.matches).map((m) => services.readModel.getTrack({ sha256: m.sha256 })));
      return tracks.filter((t) => t !== null);
    },
    style: async (result: CheckAudioResult, _: unknown, { services }: GraphQLContext) => {
      if (!result.style || result.style.styleId === 0) return null;
      return services.readModel.getStyle(BigInt(result.style.styleId));
    },
    watermark: (result: CheckAudioResult) => {
      const w = result.watermark as Record<string, unknown> | null;
      if (!w) return null;
      return {
        detected: Boolean(w.detected),
        keyId: typeof w.keyId === "string" ? w.keyId : null,
        payload: hex(w.payload),
        falsePositiveProbability: typeof w.falsePositiveProbability === "number" ? w.falsePositiveProbability : null,
        details: JSON.parse(JSON.stringify(w, (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString("hex") : v))),
      };
    },
    raw: (result: CheckAudioResult) =>
      JSON.parse(JSON.stringify(result, (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString("hex") : typeof v === "bigint" ? v.toString() : v))),
  },
  AudioMatch: {
    track: (match: AudioMatch, _: unknown, { services }: GraphQLContext) => services.readModel.getTrack({ sha256: match.sha256 }),
  },
  Query: {
    checkAudio: (_: unknown, { file }: { file: DiskUpload }, { principal, services, deadline }: GraphQLContext) => {
      requireScope(principal, "check", "checkAudio");
      return services.check.checkAudio({ filePath: file.path, signal: deadline });
    },
    similar: async (
      _: unknown,
      { file, sha256, limit }: { file?: DiskUpload | null; sha256?: string | null; limit: number },
      { principal, services, deadline }: GraphQLContext,
    ) => {
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SIMILAR) throw new InvalidInputError(`limit must be 1..${MAX_SIMILAR}`);
      if ((file ? 1 : 0) + (sha256 ? 1 : 0) !== 1) throw new InvalidInputError("give exactly one of file and sha256");
      if (file) {
        requireScope(principal, "check", "similar(file)");
        return bestFirst(await services.check.similar({ filePath: file.path, limit, signal: deadline }));
      }
      if (!SHA256.test(sha256!)) throw new InvalidInputError("sha256 must be 64 lowercase hex digits");
      return bestFirst(await services.check.similar({ sha256: sha256!, limit, signal: deadline }));
    },
  },
};
