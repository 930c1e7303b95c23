import type { Principal } from "../auth/principal.js";
import type { Services } from "./services.js";

/** The context of every resolver (built per request in server/src/app.ts). */
export interface GraphQLContext {
  principal: Principal;
  /** The bearer token as sent (signOut ends that session). */
  bearerToken: string | undefined;
  ip: string | undefined;
  services: Services;
  /** Aborts when the execution timeout fires (plugins/use-execution-timeout.ts): pass it to slow work. */
  deadline?: AbortSignal;
}
