import type { GraphiQLOptions } from "graphql-yoga";

/**
 * yoga's built-in GraphiQL page loads its scripts and styles from unpkg.com at run time, which breaks the project's
 * offline rule. `@graphql-yoga/render-graphiql` inlines them; when that package is installed it is used, otherwise
 * this renders a small self-contained console (query, variables, Authorization header, result; nothing fetched from
 * anywhere but this server).
 */
export async function renderGraphiQL(options: GraphiQLOptions): Promise<string> {
  const offline = await loadOfflineGraphiQL();
  if (offline) return offline(options);
  return renderConsole(options);
}

type Renderer = (options: GraphiQLOptions) => string;

let cached: Promise<Renderer | null> | undefined;

function loadOfflineGraphiQL(): Promise<Renderer | null> {
  // A variable specifier: the package is optional, so neither TypeScript nor the bundler may insist on it.
  const specifier = "@graphql-yoga/render-graphiql";
  cached ??= import(specifier).then(
    (mod: { renderGraphiQL?: Renderer }) => mod.renderGraphiQL ?? null,
    () => null,
  );
  return cached;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const DEFAULT_QUERY = `# Soundmark GraphQL console (offline). Reads are public; writes need a Bearer token.
query Tracks {
  tracks(first: 5) {
    edges { node { sha256 status cid transactionHash } }
    pageInfo { hasNextPage endCursor }
  }
}
`;

function renderConsole(options: GraphiQLOptions): string {
  const title = escapeHtml(options.title ?? "Soundmark GraphQL");
  const endpoint = JSON.stringify(options.endpoint ?? "/graphql").replace(/</g, "\\u003c");
  const query = escapeHtml(typeof options.defaultQuery === "string" ? options.defaultQuery : DEFAULT_QUERY);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{margin:0;font:14px system-ui,sans-serif;display:grid;grid-template-columns:1fr 1fr;grid-template-rows:auto 1fr auto;height:100vh}
header{grid-column:1/3;padding:8px 12px;background:#222;color:#eee;display:flex;gap:12px;align-items:center}
header input{flex:1;font:inherit;padding:4px}
textarea,pre{margin:0;padding:8px;border:0;border-right:1px solid #ccc;font:13px ui-monospace,monospace;overflow:auto}
#query{grid-row:2}#result{grid-row:2/4;grid-column:2;background:#f7f7f7;white-space:pre-wrap}
#variables{grid-row:3;height:8em;border-top:1px solid #ccc}
button{font:inherit;padding:4px 12px}
</style></head>
<body>
<header><strong>${title}</strong>
<button id="run" title="Ctrl+Enter">Run</button><button id="schema">Schema</button>
<input id="auth" placeholder="Authorization header (Bearer sm_... or Bearer siwe_...); optional"></header>
<textarea id="query" spellcheck="false">${query}</textarea>
<pre id="result"></pre>
<textarea id="variables" spellcheck="false" placeholder='variables (JSON), e.g. {"sha256": "..."}'></textarea>
<script>
const endpoint = ${endpoint};
const $ = (id) => document.getElementById(id);
async function post(body) {
  const headers = { "content-type": "application/json", accept: "application/graphql-response+json, application/json" };
  const auth = $("auth").value.trim();
  if (auth) headers.authorization = auth;
  const response = await fetch(endpoint, { method: "POST", headers, body: JSON.stringify(body) });
  return response.status + " " + response.statusText + "\\n" + JSON.stringify(await response.json(), null, 2);
}
async function run() {
  let variables;
  try { variables = $("variables").value.trim() ? JSON.parse($("variables").value) : undefined; }
  catch (e) { $("result").textContent = "variables: " + e.message; return; }
  $("result").textContent = "...";
  try { $("result").textContent = await post({ query: $("query").value, variables }); }
  catch (e) { $("result").textContent = String(e); }
}
async function schema() {
  const q = "{ __schema { types { name kind description fields { name description args { name type { name kind ofType { name kind ofType { name kind } } } } type { name kind ofType { name kind ofType { name kind } } } } } } }";
  $("result").textContent = await post({ query: q });
}
$("run").onclick = run;
$("schema").onclick = schema;
$("query").addEventListener("keydown", (e) => { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) run(); });
</script>
</body></html>`;
}
