export {
  loadConfig,
  DEFAULT_PORT,
  DEFAULT_DATA_DIR,
  DEFAULT_MAX_UPLOAD_BYTES,
  DEFAULT_MAX_DURATION_SECONDS,
  type Config,
} from "./load-config.js";
export type { Env } from "./parse-env.js";
export { loadWatermarkKeys } from "./load-watermark-keys.js";
export { ConfigError, ConfigFileError, WatermarkKeyFileError } from "./errors.js";
export { withConfigFile, readConfigFile, CONFIG_VARIABLES, DEFAULT_CONFIG_FILE } from "./config-file.js";
