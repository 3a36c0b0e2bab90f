import { readFile, realpath, stat } from "node:fs/promises";
import { extname, join, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { NodeServerResponse, Surface } from "./surface.js";

/**
 * DEFAULT_CONSOLE_DIR is where `npm run build` puts the browser console: `web/dist` at the package root,
 * two levels above this file in src/http/ and three above its compiled copy in dist/src/http/.
 */
export const DEFAULT_CONSOLE_DIR = fileURLToPath(
  new URL(import.meta.url.endsWith(".js") ? "../../../web/dist" : "../../web/dist", import.meta.url),
);

/** CONTENT_TYPES maps the extensions a Vite build emits to their media types; others are not served. */
const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
  ".txt": "text/plain; charset=utf-8",
  ".woff2": "font/woff2",
};

/** Paths that belong to the plain-HTTP endpoints, never to the console. */
const RESERVED_PREFIXES = ["/instances/", "/oauth/", "/.well-known/"];

/**
 * CONSOLE_CSP keeps the console to its own scripts and styles and its own
 * origin for RPCs; nothing may frame it.
 */
const CONSOLE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

function sendText(res: NodeServerResponse, status: number, text: string): void {
  res.statusCode = status;
  res.setHeader("content-type", "text/plain; charset=utf-8");
  res.end(text);
}

/**
 * consoleFile maps a request path to a file inside `root`, or undefined when
 * the path is not one the console may serve: `/` is `index.html`; empty and `..`
 * segments, encoded slashes, NUL bytes and unknown extensions are refused, and
 * the real path (symlinks resolved) must stay inside `root`.
 */
async function consoleFile(root: string, pathname: string): Promise<string | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (pathname.includes("//") || decoded.includes("\0") || decoded.includes("\\") || /%2f/i.test(pathname))
    return undefined;
  const segments = decoded.split("/").filter((segment) => segment !== "");
  if (segments.some((segment) => segment === "." || segment === "..")) return undefined;
  const relative = segments.length === 0 ? "index.html" : segments.join("/");
  if (!(extname(relative) in CONTENT_TYPES)) return undefined;
  try {
    const realRoot = await realpath(root);
    const file = await realpath(join(realRoot, relative));
    if (!file.startsWith(realRoot + sep)) return undefined;
    return (await stat(file)).isFile() ? file : undefined;
  } catch {
    return undefined;
  }
}

/**
 * createConsole serves the built browser console from `dir` for GET and HEAD
 * requests that are not RPCs (connect-node matches those first) and not the
 * plain-HTTP endpoints (`/instances/…`, `/oauth/…`, `/.well-known/…`), which
 * go to `next` like every miss. Hashed files under `/assets/` are cached for
 * a year; everything else is revalidated. Without `dir` it returns `next`.
 */
export function createConsole(dir: string | undefined, next: Surface): Surface {
  if (dir === undefined) return next;
  return async (req, res, call) => {
    const pathname = call.target.path;
    const isRead = req.method === "GET" || req.method === "HEAD";
    if (!isRead || RESERVED_PREFIXES.some((prefix) => pathname.startsWith(prefix))) {
      await next(req, res, call);
      return;
    }
    const file = await consoleFile(dir, pathname);
    if (file === undefined) {
      if (pathname === "/") {
        call.record.route = "console";
        sendText(res, 503, "The console is not built: run `npm run build`, then reload.\n");
        return;
      }
      await next(req, res, call);
      return;
    }
    call.record.route = "console";
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch (error) {
      call.record.cause = error;
      sendText(res, 500, "could not read the console file\n");
      return;
    }
    const type = CONTENT_TYPES[extname(file)] ?? "application/octet-stream";
    res.statusCode = 200;
    res.setHeader("content-type", type);
    res.setHeader("content-length", String(body.length));
    res.setHeader("x-content-type-options", "nosniff");
    res.setHeader(
      "cache-control",
      pathname.startsWith("/assets/") ? "public, max-age=31536000, immutable" : "no-cache",
    );
    if (type.startsWith("text/html")) {
      res.setHeader("content-security-policy", CONSOLE_CSP);
      res.setHeader("referrer-policy", "no-referrer");
      res.setHeader("x-frame-options", "DENY");
    }
    if (req.method === "HEAD") res.end();
    else res.end(body);
  };
}
