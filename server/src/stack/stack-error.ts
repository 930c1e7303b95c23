import { BaseError } from "../errors/base.js";

/** The stack (server + generator worker) could not be started as configured. */
export class StackError extends BaseError {
  readonly code = "STACK_ERROR";
}
