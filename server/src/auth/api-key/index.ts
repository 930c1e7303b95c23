export { API_KEY_PREFIX, API_KEY_SCOPES, hasScope, type ApiKey, type ApiKeyScope } from "./api-key.js";
export { createApiKey, type CreateApiKeyParameters, type CreateApiKeyReturnType } from "./create-api-key.js";
export { verifyApiKey, type VerifyApiKeyParameters } from "./verify-api-key.js";
export { revokeApiKey } from "./revoke-api-key.js";
export { listApiKeys } from "./list-api-keys.js";
