import { selectBackend, type BackendName } from "../backend/select-backend.js";

let chosen: Promise<BackendName> | undefined;

/**
 * The tfjs backend, chosen once per process (tfjs's backend is global state): the first call selects the fastest
 * that starts, later calls return the same name for the manifest.
 */
export function ensureBackend(log: (line: string) => void = () => {}): Promise<BackendName> {
  chosen ??= selectBackend({ log }).then((r) => r.name);
  chosen.catch(() => {
    chosen = undefined;
  });
  return chosen;
}
