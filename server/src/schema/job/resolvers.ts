import { Repeater } from "graphql-yoga";
import { requireScope } from "../../auth/require.js";
import type { DiskUpload } from "../../http/upload/disk-upload.js";
import type { GeneratorClaim, TrackKindName } from "../../pipeline/generator-claim.js";
import type { IngestJob } from "../../pipeline/ingest-job.js";
import { InvalidInputError, NotFoundError } from "../../http/errors.js";
import type { GraphQLContext } from "../context.js";

interface GeneratorClaimInput {
  modelHash?: string | null;
  styleId?: bigint | null;
  licenceId?: bigint | null;
  seed?: bigint | null;
  params?: unknown;
  parents?: string[] | null;
  kind?: TrackKindName | null;
}

/** GraphQL's input as the pipeline's claim: ids within JavaScript's safe integers (the pipeline checks the rest). */
export function toGeneratorClaim(input: GeneratorClaimInput | null | undefined): GeneratorClaim | undefined {
  if (!input) return undefined;
  const small = (value: bigint | null | undefined, name: string) => {
    if (value === null || value === undefined) return undefined;
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new InvalidInputError(`generator.${name} is too large`);
    return Number(value);
  };
  const claim: GeneratorClaim = {};
  if (input.modelHash != null) claim.modelHash = input.modelHash;
  const styleId = small(input.styleId, "styleId");
  if (styleId !== undefined) claim.styleId = styleId;
  const licenceId = small(input.licenceId, "licenceId");
  if (licenceId !== undefined) claim.licenceId = licenceId;
  const seed = small(input.seed, "seed");
  if (seed !== undefined) claim.seed = seed;
  if (input.params != null) claim.params = input.params as GeneratorClaim["params"];
  if (input.parents != null) claim.parents = input.parents;
  if (input.kind != null) claim.kind = input.kind;
  return claim;
}

const FINAL = new Set(["registered", "failed"]);

export const jobResolvers = {
  IngestStatus: { QUEUED: "queued", PROCESSING: "processing", REGISTERED: "registered", FAILED: "failed" },
  TrackKind: { ORIGINAL: "original", GENERATED: "generated", DERIVATIVE: "derivative" },
  Job: {
    id: (job: IngestJob) => job.jobId,
  },
  Query: {
    job: (_: unknown, { id }: { id: string }, { services }: GraphQLContext) => services.ingest.getJob(id),
  },
  Mutation: {
    submitTrack: async (
      _: unknown,
      { file, generator }: { file: DiskUpload; generator?: GeneratorClaimInput | null },
      { principal, services }: GraphQLContext,
    ) => {
      const key = requireScope(principal, "ingest", "submitTrack");
      return services.ingest.submit({
        filePath: file.path,
        originalName: file.filename,
        submittedBy: key.keyId,
        generator: toGeneratorClaim(generator),
      });
    },
  },
  Subscription: {
    jobProgress: {
      subscribe: (_: unknown, { id }: { id: string }, { services }: GraphQLContext) =>
        new Repeater<IngestJob>(async (push, stop) => {
          // Listen before reading the job, so that no event between the read and the subscription is lost.
          let jobId: string | undefined;
          const early: IngestJob[] = [];
          const listener = (job: IngestJob) => {
            if (jobId === undefined) return void early.push(job);
            if (job.jobId !== jobId) return;
            void push(job);
            if (FINAL.has(job.status)) stop();
          };
          services.ingest.on("progress", listener);
          try {
            const first = await services.ingest.getJob(id);
            if (!first) return stop(new NotFoundError(`no ingest job "${id}"`));
            jobId = first.jobId;
            await push(first);
            for (const job of early) if (job.jobId === jobId && job.updatedAt > first.updatedAt) listener(job);
            if (FINAL.has(first.status)) stop();
            await stop;
          } finally {
            services.ingest.off("progress", listener);
          }
        }),
      resolve: (job: IngestJob) => job,
    },
  },
};
