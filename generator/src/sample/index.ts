export { generateTokens, type GenerateTokensParameters, type GenerateTokensProgress, type GenerateTokensReturnType } from "./generate-tokens.js";
export { defaultSamplingParameters, resolveSamplingParameters, MAX_GENERATED_TOKENS, MAX_TARGET_SECONDS, type SamplingParameters } from "./sampling-parameters.js";
export { GenerationCancelledError, InvalidSamplingParametersError } from "./sample-error.js";
