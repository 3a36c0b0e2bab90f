import { Code, createClient } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MachineService } from "../gen/ts/latchkey/machine/v1/machine_service_pb.js";
import { TokenService } from "../gen/ts/latchkey/token/v1/token_service_pb.js";
import { failure, startTestEnv, type TestEnv } from "./harness.js";
import { clerkError, restClient } from "./rest-client.js";

// The Connect API and the REST API run the same use cases, so one request
// meets the same checks in the same order on both: the parameters (each
// surface naming them in its own spelling), then who may call, then whether
// the thing exists. A surface that checked in its own order again would let
// the two answer the same request differently.

let env: TestEnv;
let rest: ReturnType<typeof restClient>;
beforeAll(async () => {
  env = await startTestEnv("gRPC on a real port");
  rest = restClient(env.url as string);
});
afterAll(() => env.close());

const UNKNOWN_MACHINE = `mch_${"0".repeat(27)}`;

describe("Connect and REST check one request in the same order", () => {
  it("a machine key on a management call: a malformed id is named first, then the key is refused, before any lookup", async () => {
    const instance = await env.newInstance();
    const machine = await env.newMachine(instance, "caller");
    const asMachine = createClient(MachineService, env.transportWithKey(machine.secretKey));

    const malformed = await failure(asMachine.getMachine({ id: "mch_short" }));
    expect([malformed.code, malformed.rawMessage]).toEqual([Code.InvalidArgument, expect.stringMatching(/^id: /)]);
    const malformedRest = await rest("GET", "/v1/machines/mch_short", { key: machine.secretKey });
    expect(malformedRest.status).toBe(422);
    expect(malformedRest.body).toEqual(clerkError("form_param_value_invalid", { param_name: "machine_id" }));

    // An unknown machine and an existing one look the same to a key that may not ask.
    for (const id of [UNKNOWN_MACHINE, machine.id]) {
      expect((await failure(asMachine.getMachine({ id }))).code).toBe(Code.PermissionDenied);
      const refused = await rest("GET", `/v1/machines/${id}`, { key: machine.secretKey });
      expect(refused.status).toBe(401);
      expect(refused.body).toEqual(clerkError("authentication_invalid", { reason: "INSTANCE_KEY_REQUIRED" }));
    }

    const unknown = await failure(instance.machines.getMachine({ id: UNKNOWN_MACHINE }));
    expect(unknown.code).toBe(Code.NotFound);
    expect((await rest("GET", `/v1/machines/${UNKNOWN_MACHINE}`, { key: instance.secret })).status).toBe(404);
  });

  it("a machine key asking for another machine's tokens: a bad parameter is named first, then the key is refused", async () => {
    const instance = await env.newInstance();
    const machine = await env.newMachine(instance, "caller");
    const other = await env.newMachine(instance, "other");
    const tokens = createClient(TokenService, env.transportWithKey(machine.secretKey));

    const malformed = await failure(tokens.listTokens({ subjectMachineId: other.id, pageSize: 1000 }));
    expect([malformed.code, malformed.rawMessage]).toEqual([
      Code.InvalidArgument,
      expect.stringMatching(/^page_size: /),
    ]);
    const malformedRest = await rest("GET", `/m2m_tokens?subject=${other.id}&limit=1000`, {
      key: machine.secretKey,
    });
    expect(malformedRest.status).toBe(422);
    expect(malformedRest.body).toEqual(clerkError("form_param_value_invalid", { param_name: "limit" }));

    for (const id of [UNKNOWN_MACHINE, other.id]) {
      expect((await failure(tokens.listTokens({ subjectMachineId: id }))).code).toBe(Code.PermissionDenied);
      const otherRest = await rest("GET", `/m2m_tokens?subject=${id}`, { key: machine.secretKey });
      expect(otherRest.status).toBe(403);
      expect(otherRest.body).toEqual(clerkError("authorization_invalid", { reason: "OTHER_MACHINE" }));
    }
  });
});
