import http2 from "node:http2";
import { Code, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MachineService } from "../gen/ts/latchkey/machine/v1/machine_service_pb.js";
import { type ListeningServer, listen } from "../src/server.js";
import { bearer, failure, startTestEnv, type TestEnv, type TestInstance } from "./harness.js";

// The server's safety net: a plain-HTTP handler that throws, or whose promise
// rejects, answers that request 500 and leaves every other call alone. The
// handlers here fail on purpose, standing in for any bug a request could reach.

let env: TestEnv;
let server: ListeningServer;
let instance: TestInstance;
beforeAll(async () => {
  env = await startTestEnv();
  const failing = (req: { url?: string | undefined }) => {
    if (req.url === "/throws") throw new Error("a handler bug");
    return Promise.reject(new Error("an async handler bug"));
  };
  server = await listen({ ...env.app, http: failing }, { port: 0, host: "127.0.0.1" });
  instance = await env.newInstance();
});
afterAll(async () => {
  await server.close(1000);
  await env.close();
});

async function statusOf(path: string): Promise<{ http1: number; h2: number }> {
  const http1 = (await fetch(`${server.url}${path}`)).status;
  const session = http2.connect(server.url);
  try {
    const h2 = await new Promise<number>((resolve, reject) => {
      const stream = session.request({ ":path": path });
      stream.on("response", (headers) => resolve(Number(headers[":status"])));
      stream.on("error", reject);
      stream.resume();
    });
    return { http1, h2 };
  } finally {
    session.close();
  }
}

describe("safety net", () => {
  it("answers 500 to a request whose handler throws or rejects, over HTTP/1.1 and HTTP/2, and keeps serving", async () => {
    expect(await statusOf("/throws")).toEqual({ http1: 500, h2: 500 });
    expect(await statusOf("/rejects")).toEqual({ http1: 500, h2: 500 });
    const machines = createClient(
      MachineService,
      createGrpcTransport({ baseUrl: server.url, interceptors: [bearer(instance.secret)] }),
    );
    const error = await failure(machines.getMachine({ id: `mch_${"0".repeat(27)}` }));
    expect(error.code).toBe(Code.NotFound);
  });
});
