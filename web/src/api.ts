import { type Client, createClient, type Interceptor } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-web";
import { MachineService } from "../../gen/ts/latchkey/machine/v1/machine_service_pb.js";
import { ScopeService } from "../../gen/ts/latchkey/scope/v1/scope_service_pb.js";
import { TokenService } from "../../gen/ts/latchkey/token/v1/token_service_pb.js";

/**
 * SERVER_URL is where the RPCs are: the page's own origin (the console is
 * served by latchkey), or VITE_LATCHKEY_URL for `npm run dev:web` against a
 * server that lists the dev origin in LATCHKEY_CORS_ORIGINS.
 */
export const SERVER_URL: string = import.meta.env.VITE_LATCHKEY_URL || location.origin;

/** Api holds the Connect clients the console uses, all sending one bearer key. */
export type Api = {
  machines: Client<typeof MachineService>;
  tokens: Client<typeof TokenService>;
  scopes: Client<typeof ScopeService>;
  /** tokensAs is a TokenService client that authenticates as a machine (`ak_…`). */
  tokensAs(machineKey: string): Client<typeof TokenService>;
};

function transport(key: string) {
  const bearer: Interceptor = (next) => (req) => {
    req.header.set("authorization", `Bearer ${key}`);
    return next(req);
  };
  // Binary protobuf keeps a 10,000-machine stream small and fast to decode.
  return createConnectTransport({ baseUrl: SERVER_URL, useBinaryFormat: true, interceptors: [bearer] });
}

/** createApi builds the clients for an instance key. */
export function createApi(instanceKey: string): Api {
  const instance = transport(instanceKey);
  return {
    machines: createClient(MachineService, instance),
    tokens: createClient(TokenService, instance),
    scopes: createClient(ScopeService, instance),
    tokensAs: (machineKey) => createClient(TokenService, transport(machineKey)),
  };
}
