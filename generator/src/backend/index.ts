export { selectBackend, backendPreference, type BackendName, type SelectBackendParameters, type SelectBackendReturnType } from "./select-backend.js";
export { BackendUnavailableError } from "./backend-error.js";
