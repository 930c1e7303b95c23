import type { CheckResponse } from "./check-response.js";

/** A refusal of the server (`{"error": {"code", "message"}}` or GraphQL errors), or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

async function errorOf(response: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return new ApiError(response.status, `HTTP_${response.status}`, `${response.status} ${response.statusText}`);
  }
  const error = (body as { error?: { code?: string; message?: string } }).error;
  return new ApiError(response.status, error?.code ?? `HTTP_${response.status}`, error?.message ?? `${response.status} ${response.statusText}`);
}

async function send(input: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(input, init);
  } catch (error) {
    throw new ApiError(0, "NETWORK", `the server did not answer: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** `POST /v1/check` with the file as multipart field `file`. */
export async function postCheck(file: Blob, fileName: string, apiKey: string): Promise<CheckResponse> {
  const form = new FormData();
  form.append("file", file, fileName);
  const headers: Record<string, string> = apiKey ? { authorization: `Bearer ${apiKey}` } : {};
  const response = await send("/v1/check", { method: "POST", body: form, headers });
  if (!response.ok) throw await errorOf(response);
  return (await response.json()) as CheckResponse;
}

/** A read-only GraphQL query (public reads need no token). */
export async function graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await send("/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  let body: { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
  try {
    body = (await response.json()) as typeof body;
  } catch {
    throw new ApiError(response.status, `HTTP_${response.status}`, `${response.status} ${response.statusText}`);
  }
  if (body.errors?.length) {
    const first = body.errors[0]!;
    throw new ApiError(response.status, first.extensions?.code ?? "GRAPHQL_ERROR", body.errors.map((e) => e.message).join("; "));
  }
  if (!body.data) throw new ApiError(response.status, "GRAPHQL_ERROR", "the answer holds no data");
  return body.data;
}
