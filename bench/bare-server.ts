// The ceiling for the verify benchmark: a Connect handler that does nothing
// but check a bearer key in an interceptor, on the same port setup as
// latchkey (HTTP/2 cleartext), measured in the same run.
import http2 from "node:http2";
import { Code, ConnectError } from "@connectrpc/connect";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import { Health, HealthCheckResponse_ServingStatus } from "../gen/ts/grpc/health/v1/health_pb.js";

const key = process.env.BARE_KEY ?? "";
const handler = connectNodeAdapter({
  routes: (router) =>
    router.service(Health, {
      check: () => ({ status: HealthCheckResponse_ServingStatus.SERVING }),
      async *watch() {},
    }),
  interceptors: [
    (next) => (req) => {
      if (req.header.get("authorization") !== `Bearer ${key}`) throw new ConnectError("no", Code.Unauthenticated);
      return next(req);
    },
  ],
});
const server = http2.createServer(handler);
server.listen(Number(process.env.PORT), "127.0.0.1", () => console.log("bare ready"));
process.on("SIGTERM", () => process.exit(0));
