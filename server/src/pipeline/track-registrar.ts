/** The chain side the pipeline needs: the registrar of server/src/chain, idempotent by content hash. */
export type { RegisterTrackParameters, RegisteredTrack, TrackRegistrar } from "../chain/track-registrar.js";
