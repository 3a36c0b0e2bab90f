/** RequestTarget is a request's path (still percent-encoded) and its query parameters. */
export type RequestTarget = { path: string; query: URLSearchParams };

/**
 * parseRequestTarget splits a request target (`req.url`) into path and query
 * without `new URL()`, which throws on targets such as `//` (read as a
 * scheme-relative URL with no host). Only origin-form targets (starting with
 * `/`) are requests for this server; anything else is undefined, which every
 * surface answers 400. The path is left encoded: segments are decoded one by
 * one, by decodePathSegment, after routing.
 */
export function parseRequestTarget(url: string | undefined): RequestTarget | undefined {
  if (url === undefined || !url.startsWith("/")) return undefined;
  const question = url.indexOf("?");
  const path = question === -1 ? url : url.slice(0, question);
  const search = question === -1 ? "" : url.slice(question + 1);
  const hash = path.indexOf("#");
  return { path: hash === -1 ? path : path.slice(0, hash), query: new URLSearchParams(search) };
}

/** BadPathError is a path segment that is not valid percent-encoded UTF-8; each surface answers it 400 in its own shape. */
export class BadPathError extends Error {
  constructor() {
    super("the path is not valid percent-encoding");
  }
}

/**
 * decodePathSegment decodes one percent-encoded path segment (a route's
 * `{…}` value). A bad escape (`%`, `%E0`) is a BadPathError instead of the
 * URIError decodeURIComponent throws, so no caller can forget to catch it.
 */
export function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new BadPathError();
  }
}
