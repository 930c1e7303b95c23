import { createApiKey, listApiKeys, revokeApiKey, type ApiKey } from "../../../../server/src/auth/api-key/index.js";
import { loadConfig, withConfigFile } from "../../../../server/src/config/index.js";
import { openStore, type Store } from "../../../../server/src/store/index.js";
import type { Command, CommandIo } from "../command.js";
import { parseOptions } from "../parse-options.js";
import { UsageError } from "../usage-error.js";

/** The options every `apikey` command takes to find the server's database. */
const STORE_OPTIONS = {
  data: { type: "string" },
  "database-url": { type: "string" },
  json: { type: "boolean" },
} as const;

const STORE_USAGE = `  --data <dir>          the server's data folder (default $SOUNDMARK_DATA or ./.soundmark); its database is <dir>/db
  --database-url <url>  a Postgres server instead (default $DATABASE_URL); wins over --data
  --json                print JSON`;

/**
 * The database the server uses with the same settings: DATABASE_URL when set, else the embedded PGlite in the data
 * folder. Migrations run on open, so a key can be created before the server ever started.
 */
async function openServerStore(values: { data?: string; "database-url"?: string }): Promise<Store> {
  // The server's own configuration loader, so the CLI and the server always agree on where the database is.
  const config = loadConfig({
    ...withConfigFile(process.env),
    ...(values.data !== undefined ? { SOUNDMARK_DATA: values.data } : {}),
    ...(values["database-url"] !== undefined ? { DATABASE_URL: values["database-url"] } : {}),
  });
  return openStore(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.paths.database });
}

async function withStore<T>(values: { data?: string; "database-url"?: string }, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openServerStore(values);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

function describeKey(k: ApiKey): string {
  const state = k.revokedAt ? `revoked ${k.revokedAt}` : "active";
  return `${k.id}  sm_${k.prefix}…  ${k.scopes.join(",").padEnd(18)} ${state.padEnd(32)} created ${k.createdAt}  last used ${k.lastUsedAt ?? "never"}${k.label ? `  "${k.label}"` : ""}`;
}

function printJson(io: CommandIo, value: unknown): void {
  io.stdout(JSON.stringify(value) + "\n");
}

export const apikeyCreateCommand: Command = {
  name: ["apikey", "create"],
  summary: "create an API key for the server (prints it once)",
  usage: `usage: soundmark apikey create --scope <scopes> [--label <text>] [--data <dir> | --database-url <url>] [--json]

Creates an API key and prints it once: the server stores only its SHA-256 and cannot show it again.
  --scope <scopes>      comma-separated: ingest (POST /v1/tracks, submitTrack), check (POST /v1/check, checkAudio),
                        admin (everything)
  --label <text>        a note to recognise the key by in \`apikey list\`
${STORE_USAGE}
`,
  async run(args, io) {
    const { values, positionals } = parseOptions(args, { ...STORE_OPTIONS, scope: { type: "string" }, label: { type: "string" } });
    if (positionals.length > 0) throw new UsageError(`apikey create takes no positional arguments, got "${positionals[0]}"`);
    if (!values.scope) throw new UsageError("apikey create needs --scope (ingest, check, admin; comma-separated)");
    const scopes = values.scope.split(",");
    const { key, apiKey } = await withStore(values, (store) => createApiKey(store, { scopes, label: values.label }));
    if (values.json) {
      printJson(io, { key, ...apiKey });
    } else {
      io.stdout(`${key}\n`);
      io.stderr(`created ${apiKey.id} with scopes ${apiKey.scopes.join(",")}; the key above is shown only now\n`);
    }
    return 0;
  },
};

export const apikeyListCommand: Command = {
  name: ["apikey", "list"],
  summary: "list the server's API keys (ids, scopes, use; never the keys)",
  usage: `usage: soundmark apikey list [--data <dir> | --database-url <url>] [--json]

Lists every API key, revoked ones included, with its id (for \`apikey revoke\`), the first characters of the key,
its scopes and when it was created, revoked and last used.
${STORE_USAGE}
`,
  async run(args, io) {
    const { values, positionals } = parseOptions(args, STORE_OPTIONS);
    if (positionals.length > 0) throw new UsageError(`apikey list takes no positional arguments, got "${positionals[0]}"`);
    const keys = await withStore(values, (store) => listApiKeys(store));
    if (values.json) printJson(io, keys);
    else io.stdout(keys.length === 0 ? "no API keys\n" : keys.map(describeKey).join("\n") + "\n");
    return 0;
  },
};

export const apikeyRevokeCommand: Command = {
  name: ["apikey", "revoke"],
  summary: "revoke an API key by its id",
  usage: `usage: soundmark apikey revoke <id> [--data <dir> | --database-url <url>] [--json]

Revokes the key at once: the server refuses it from its next request on. The id is the one \`apikey list\` shows.
${STORE_USAGE}
`,
  async run(args, io) {
    const { values, positionals } = parseOptions(args, STORE_OPTIONS);
    if (positionals.length !== 1) throw new UsageError("apikey revoke takes exactly one key id");
    const apiKey = await withStore(values, (store) => revokeApiKey(store, positionals[0]!));
    if (values.json) printJson(io, apiKey);
    else io.stdout(`revoked ${apiKey.id} at ${apiKey.revokedAt}\n`);
    return 0;
  },
};
