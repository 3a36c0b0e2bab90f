import { expect } from "vitest";

/** RestOptions: the bearer key, a JSON body, or a raw body with its own headers. */
export type RestOptions = { key?: string; json?: unknown; raw?: string; headers?: Record<string, string> };

/**
 * restClient calls the REST API of a server on a real port with `fetch`, the
 * way a reference SDK does: `Authorization: Bearer <key>` and JSON bodies. It
 * returns the status, headers and parsed JSON body.
 */
export function restClient(baseUrl: string) {
  return async (method: string, path: string, options: RestOptions = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.key !== undefined) headers.authorization = `Bearer ${options.key}`;
    let body: string | undefined = options.raw;
    if (options.json !== undefined) {
      headers["content-type"] ??= "application/json";
      body = JSON.stringify(options.json);
    }
    const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text === "" ? undefined : JSON.parse(text) };
  };
}

/** clerkError matches the reference's error body holding one error with `code` (and `meta` containing `meta`). */
export function clerkError(code: string, meta: Record<string, unknown> = {}) {
  return {
    errors: [
      { message: expect.any(String), long_message: expect.any(String), code, meta: expect.objectContaining(meta) },
    ],
  };
}
