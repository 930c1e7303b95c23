import { BaseError } from "../server/src/errors/base.js";

/** The subgraph cannot be generated or built: a missing or malformed deployment or ABI, or a graph-cli step failed. */
export class SubgraphBuildError extends BaseError {
  readonly code = "SUBGRAPH_BUILD";
}
