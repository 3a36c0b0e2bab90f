import type { Http2ServerResponse } from "node:http2";
import { gzipSync, constants as zlibConstants } from "node:zlib";
import {
  Code,
  ConnectError,
  type ConnectRouter,
  type ConnectRouterOptions,
  type ContextValues,
  createConnectRouter,
  createContextKey,
  type createHandlerContext,
  createMethodImplSpec,
  createServiceImplSpec,
  type MethodImplSpec,
} from "@connectrpc/connect";
import {
  type Compression,
  createMethodUrl,
  type UniversalHandler,
  type UniversalHandlerOptions,
  validateUniversalHandlerOptions,
} from "@connectrpc/connect/protocol";
import {
  compressionBrotli,
  compressionGzip,
  universalRequestFromNodeRequest,
  universalResponseToNodeResponse,
} from "@connectrpc/connect-node";
import type { RequestGate } from "../interceptors/auth.js";
import {
  connectUnaryPost,
  connectUnaryUrl,
  serveConnectUnary,
  type UnaryMethod,
  unaryMethod,
} from "./connect-unary.js";
import { type NodeServerRequest, type NodeServerResponse, type RequestRecord, sendJson } from "./surface.js";

/** RpcSurfaceOptions are connect's handler options plus what each call's context is made of. */
export type RpcSurfaceOptions = Pick<ConnectRouterOptions, "interceptors" | "jsonOptions"> & {
  /** The largest request message, in bytes (connect's `readMaxBytes`). */
  readMaxBytes: number;
  routes: (router: ConnectRouter) => void;
  /** Runs once a call's headers are in, before its body is read (connect-es `requestGate`). */
  requestGate: RequestGate;
  /** The context values of a call (the client's address, the Node request). */
  contextValues: (req: NodeServerRequest) => ContextValues;
};

/**
 * RpcSurface serves Connect, gRPC and gRPC-Web for the procedures of the
 * registered services, for the front: `find` tells whether a path is a
 * procedure (`/<package.Service>/<Method>`), `serve` runs the call.
 */
export type RpcSurface = {
  find(path: string): Procedure | undefined;
  serve(procedure: Procedure, req: NodeServerRequest, res: NodeServerResponse, record: RequestRecord): void;
};

/** Procedure is one RPC method's handler, for every protocol (connect-es's universal handler). */
export type Procedure = UniversalHandler;

/**
 * fastGzip is connect-node's gzip, compressing at zlib's fastest level (1)
 * instead of its default (6), and on the calling thread instead of through
 * the thread pool. The server compresses only its own responses (bounded by
 * its own page sizes), and a long ListMachines stream spent a quarter of its
 * CPU compressing messages of about 10 KB: for those, a synchronous level-1
 * gzip costs about a sixth of connect-node's (bench/README.md), the hand-off
 * to the thread pool being most of it. Decompressing requests is unchanged
 * (still off the thread, still bounded by readMaxBytes).
 */
const fastGzip: Compression = {
  ...compressionGzip,
  async compress(bytes) {
    const compressed = gzipSync(bytes, { level: zlibConstants.Z_BEST_SPEED });
    return new Uint8Array(compressed.buffer, compressed.byteOffset, compressed.byteLength);
  },
};

/** CallContext is the context connect creates for a call: a HandlerContext that can also abort. */
export type CallContext = ReturnType<typeof createHandlerContext>;

/** CALL_ENDED is the reason a call's signal aborts with when the call ended well (connect aborts it with none). */
const CALL_ENDED = new DOMException("This operation was aborted", "AbortError");

/**
 * endWellWithoutDomException makes connect's end of a call that went well,
 * `context.abort()`, abort with CALL_ENDED instead of no reason: an
 * AbortController aborted with no reason makes a new DOMException, whose
 * stack capture cost about 6 % of a cached call's CPU. The reason is the same
 * kind of error as before (an AbortError), so everything that reads it
 * (callOutcome, the call's own work) sees the call end as it did.
 */
function endWellWithoutDomException(context: CallContext): void {
  const abort = context.abort;
  context.abort = (reason?: unknown) => abort(reason ?? CALL_ENDED);
}

/** requestRecordKey carries the front's record of a call, so the request gate can give it the call's signal. */
const requestRecordKey = createContextKey<RequestRecord | undefined>(undefined, { description: "request record" });

/**
 * createRpcSurface does what connect-node's `connectNodeAdapter` does (connect
 * does all protocol work: content types, envelopes, compression, deadlines,
 * the request gate, interceptors, error serialization), except that the front
 * routes to it, so every request, RPC or not, has one entry, one route and
 * one log line. The request gate first hands the call's signal to the front's
 * record: connect aborts that signal when the call ends, with the error it
 * ended with, which is how the log line learns the call's code. A Connect
 * unary POST over HTTP/2, the commonest request, is served by latchkey's own
 * leaner handler instead (serveConnectUnary), with the same options, gate
 * and interceptors and the same answers.
 */
export function createRpcSurface(options: RpcSurfaceOptions): RpcSurface {
  const gate = options.requestGate;
  const routerOptions: ConnectRouterOptions = {
    interceptors: options.interceptors,
    readMaxBytes: options.readMaxBytes,
    jsonOptions: options.jsonOptions,
    // connect-node's adapter accepts these by default; so does the front.
    acceptCompression: [fastGzip, compressionBrotli],
    requestGate: (context) => {
      endWellWithoutDomException(context as CallContext);
      const record = context.values.get(requestRecordKey);
      if (record !== undefined) record.rpcSignal = context.signal;
      return gate(context);
    },
  };
  const router = createConnectRouter(routerOptions);
  const unaryMethods = registerRoutes(router, routerOptions, options.routes);
  const procedures = new Map(router.handlers.map((handler) => [handler.requestPath, handler]));
  return {
    find: (path) => procedures.get(path),
    serve(procedure, req, res, record) {
      const contextValues = options.contextValues(req).set(requestRecordKey, record);
      const unary = unaryMethods.get(procedure.requestPath);
      const post = unary && connectUnaryPost(req);
      let call: Promise<void>;
      try {
        call =
          unary && post
            ? // An HTTP/2 request (connectUnaryPost), so an HTTP/2 response.
              serveConnectUnary(unary, post, res as Http2ServerResponse, connectUnaryUrl(post.req), contextValues)
            : procedure(universalRequestFromNodeRequest(req, res, undefined, contextValues)).then((response) =>
                universalResponseToNodeResponse(response, res),
              );
      } catch {
        // The Host header (or :authority) is missing or not a valid authority: connect cannot make the call's URL.
        sendJson(res, 400, { code: "invalid_argument", message: "the request has no valid Host (authority)" });
        return;
      }
      call.catch((error: unknown) => {
        // Writing failed. Aborted: the client is gone, which the call's own
        // signal already tells; anything else is a response that could not be sent.
        if (ConnectError.from(error).code !== Code.Aborted) record.cause ??= error;
        if (!res.writableEnded) res.destroy();
      });
    },
  };
}

/**
 * registerRoutes registers the services with `router`, and returns the unary
 * methods connect serves over the Connect protocol, by request path, with
 * the handler options connect uses for each (its router's, merged with the
 * method's own, as connect merges them), for serveConnectUnary.
 */
function registerRoutes(
  router: ConnectRouter,
  routerOptions: ConnectRouterOptions,
  routes: (router: ConnectRouter) => void,
): Map<string, UnaryMethod> {
  const unaryMethods = new Map<string, UnaryMethod>();
  const remember = (spec: MethodImplSpec, methodOptions: Partial<UniversalHandlerOptions> | undefined) => {
    if (spec.kind !== "unary" || (methodOptions as ConnectRouterOptions | undefined)?.connect === false) return;
    const merged = validateUniversalHandlerOptions({ ...routerOptions, ...methodOptions });
    unaryMethods.set(createMethodUrl("/", spec.method), unaryMethod(spec, merged));
  };
  const recorder: ConnectRouter = {
    handlers: router.handlers,
    service(service, implementation, serviceOptions) {
      for (const spec of Object.values(createServiceImplSpec(service, implementation).methods)) {
        remember(spec, serviceOptions);
      }
      router.service(service, implementation, serviceOptions);
      return recorder;
    },
    rpc(method, implementation, methodOptions) {
      remember(createMethodImplSpec(method, implementation as never), methodOptions);
      router.rpc(method, implementation, methodOptions);
      return recorder;
    },
  };
  routes(recorder);
  return unaryMethods;
}
