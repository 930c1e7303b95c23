import { DemoError } from "./demo-error.js";

/** What the demo asks the server over HTTP, each failure a DemoError naming the request and the answer. */
export interface SoundmarkClient {
  graphql<T = any>(query: string, variables?: Record<string, unknown>, token?: string): Promise<T>;
  upload(route: "/v1/tracks" | "/v1/check", bytes: Uint8Array, name: string, fields?: Record<string, string>): Promise<{ status: number; body: any }>;
  getJson(url: string): Promise<any>;
}

export function soundmarkClient(base: string, apiKey: string): SoundmarkClient {
  return {
    async graphql(query, variables, token) {
      const response = await request(`${base}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await readJson(response, "POST /graphql")) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
      if (body.errors?.length) {
        throw new DemoError(`GraphQL refused ${firstWord(query)}`, { details: body.errors.map((e) => `${e.extensions?.code ?? "ERROR"}: ${e.message}`).join("; ") });
      }
      return body.data;
    },
    async upload(route, bytes, name, fields = {}) {
      const form = new FormData();
      for (const [k, v] of Object.entries(fields)) form.append(k, v);
      form.append("file", new Blob([new Uint8Array(bytes)]), name);
      const response = await request(`${base}${route}`, { method: "POST", body: form, headers: { authorization: `Bearer ${apiKey}` } });
      return { status: response.status, body: await readJson(response, `POST ${route}`) };
    },
    async getJson(url) {
      const response = await request(url);
      const body = await readJson(response, `GET ${url}`);
      if (!response.ok) throw new DemoError(`GET ${url} answered ${response.status}`, { details: JSON.stringify(body) });
      return body;
    },
  };
}

/** fetch, with a refused connection turned into a DemoError that names the address. */
export async function request(url: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (cause) {
    throw new DemoError(`cannot reach ${url}`, { details: cause instanceof Error ? String((cause as { cause?: unknown }).cause ?? cause.message) : String(cause), cause });
  }
}

async function readJson(response: Response, what: string): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new DemoError(`${what} answered ${response.status} with something that is not JSON`, { details: text.slice(0, 200) });
  }
}

function firstWord(query: string): string {
  return /\{\s*(\w+)/.exec(query)?.[1] ?? "the request";
}
