import type { AuthThrottle } from "../../domain/auth-throttle.js";
import type { Caller } from "../../use-cases/caller.js";
import type { MachineUseCaseDeps } from "../../use-cases/machines.js";
import type { ScopeUseCaseDeps } from "../../use-cases/scopes.js";
import type { TokenUseCaseDeps } from "../../use-cases/tokens.js";
import type { Params } from "./request.js";

/** RestDeps are what the REST endpoints need: their use cases' dependencies and the bad-key throttle. */
export type RestDeps = MachineUseCaseDeps &
  TokenUseCaseDeps &
  ScopeUseCaseDeps & {
    /** Refuses client addresses that spent their budget of bad keys, as for the RPCs. */
    throttle: AuthThrottle;
  };

/**
 * RestCall is one authenticated REST request, as a handler sees it: the use
 * cases' Caller (principal, entity manager, signal) and the request's values.
 */
export type RestCall = Caller & {
  /** The values of the path template's `{…}` segments, in order, URL-decoded. */
  params: string[];
  query: Params;
  /** The JSON body's fields (only those the route allows); empty for routes without a body. */
  body: Params;
  /** The entries of a JSON array body (routes with `bodyItemFields`), each named `[i].` in errors; else empty. */
  items: Params[];
};

/** RestReply is a successful REST reply: status and JSON body. */
export type RestReply = { status: number; body: unknown };

/** RestRoute is one endpoint: method, path template, the body fields it takes, and its handler. */
export type RestRoute = {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  /** The path with `{name}` for each variable segment, such as `/v1/machines/{machine_id}`; also used in logs. */
  path: string;
  /** Also served with a `/v1` prefix (default false). */
  alsoUnderV1?: boolean;
  /** Body parameters the endpoint takes; absent: the body is not read (unless bodyItemFields). */
  bodyFields?: readonly string[];
  /** The body is a JSON array of objects taking these parameters (the reference's `/batch` endpoints). */
  bodyItemFields?: readonly string[];
  /** Query parameters the endpoint takes, others refused; absent: any are read and unknown ones ignored. */
  queryFields?: readonly string[];
  handle(call: RestCall): Promise<RestReply>;
};
