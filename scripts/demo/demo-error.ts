import { BaseError } from "../../server/src/errors/base.js";

/** A step of the demo did not get the answer the story needs; the message says which step and what came back. */
export class DemoError extends BaseError {
  readonly code = "DEMO_STEP_FAILED";
}
