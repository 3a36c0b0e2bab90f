import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport, createGrpcWebTransport } from "@connectrpc/connect-node";
import { afterAll, expect, it } from "vitest";
import { MachineService } from "../gen/ts/latchkey/machine/v1/machine_service_pb.js";
import { SubjectKind } from "../gen/ts/latchkey/scope/v1/scope_pb.js";
import { ScopeService } from "../gen/ts/latchkey/scope/v1/scope_service_pb.js";
import { TokenFormat } from "../gen/ts/latchkey/token/v1/token_pb.js";
import { TokenService } from "../gen/ts/latchkey/token/v1/token_service_pb.js";
import { newSecret } from "../src/domain/secrets.js";
import { bearer } from "./harness.js";
import { removeTempDirs, serveLatchkey, tempDataDir } from "./process.js";
import { describeUnless, EMBEDDED_ONLY } from "./skip-reason.js";

afterAll(removeTempDirs);

// A real server process serves every kind of traffic that handles a secret,
// good and bad, over gRPC, gRPC-Web, Connect and plain HTTP. Afterwards no
// secret it saw may appear in anything it printed or in any error it sent.
// The logs do not depend on the database, so the PostgreSQL pass skips it.
describeUnless(EMBEDDED_ONLY)("secrets", () => {
  it("never appear in the server's output or in error messages", async () => {
    const instanceKey = newSecret("sk");
    const { server, port } = await serveLatchkey({
      LATCHKEY_DATA_DIR: tempDataDir(),
      LATCHKEY_BOOTSTRAP_KEY: instanceKey,
      LATCHKEY_LOG_LEVEL: "info",
    });
    const url = `http://127.0.0.1:${port}`;

    const secrets = new Set<string>([instanceKey]);
    const errors: string[] = [];
    const expectFailure = async (call: Promise<unknown>) => {
      try {
        await call;
      } catch (error) {
        const connectError = ConnectError.from(error);
        errors.push(connectError.message, JSON.stringify([...connectError.metadata]));
        return connectError.code;
      }
      throw new Error("expected a failure");
    };
    const transports = [
      (key: string) => createGrpcTransport({ baseUrl: url, interceptors: [bearer(key)] }),
      (key: string) => createGrpcWebTransport({ baseUrl: url, interceptors: [bearer(key)], httpVersion: "1.1" }),
      (key: string) => createConnectTransport({ baseUrl: url, interceptors: [bearer(key)], httpVersion: "1.1" }),
    ];
    try {
      for (const transport of transports) {
        const machines = createClient(MachineService, transport(instanceKey));
        const receiver = await machines.createMachine({ name: "receiver" });
        const caller = await machines.createMachine({ name: "caller", scopedMachineIds: [receiver.machine?.id ?? ""] });
        secrets.add(receiver.secretKey).add(caller.secretKey);
        secrets.add((await machines.getMachineSecretKey({ id: caller.machine?.id ?? "" })).secretKey);
        const rotated = await machines.rotateMachineSecretKey({
          id: receiver.machine?.id ?? "",
          previousKeyTtlSeconds: 60n,
        });
        secrets.add(rotated.secretKey);

        const tokens = createClient(TokenService, transport(caller.secretKey));
        const opaque = await tokens.createToken({});
        const jwt = await tokens.createToken({ format: TokenFormat.JWT });
        secrets.add(opaque.secret).add(jwt.secret);
        const asReceiver = createClient(TokenService, transport(rotated.secretKey));
        await asReceiver.verifyToken({ token: opaque.secret });
        await asReceiver.verifyToken({ token: jwt.secret });
        await tokens.revokeToken({ id: opaque.token?.id ?? "" });
        expect(await expectFailure(asReceiver.verifyToken({ token: opaque.secret }))).toBe(Code.PermissionDenied);

        const scopes = createClient(ScopeService, transport(instanceKey));
        const subject = await scopes.createSubject({ kind: SubjectKind.SERVICE });
        expect(await expectFailure(scopes.getSubject({ id: instanceKey }))).toBe(Code.InvalidArgument);
        expect(subject.subject?.id).toBeTruthy();

        // Bad keys, and secrets sent where they do not belong.
        for (const bad of [newSecret("sk"), newSecret("ak"), `${instanceKey}x`]) {
          secrets.add(bad);
          expect(await expectFailure(createClient(MachineService, transport(bad)).getMachine({ id: "mch_x" }))).toBe(
            Code.Unauthenticated,
          );
        }
        expect(await expectFailure(machines.getMachine({ id: caller.secretKey }))).toBe(Code.InvalidArgument);
        expect(await expectFailure(machines.createMachine({ name: caller.secretKey.repeat(10) }))).toBe(
          Code.InvalidArgument,
        );
        expect(await expectFailure(asReceiver.verifyToken({ token: `${jwt.secret}x` }))).not.toBe(Code.Internal);
        expect(await expectFailure(asReceiver.verifyToken({ token: instanceKey }))).not.toBe(Code.Internal);

        // OAuth client credentials and introspection, with a good and a bad secret.
        const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;
        const form = { "content-type": "application/x-www-form-urlencoded" };
        const granted = await fetch(`${url}/oauth/token`, {
          method: "POST",
          headers: { ...form, authorization: basic(caller.machine?.id ?? "", caller.secretKey) },
          body: "grant_type=client_credentials",
        });
        const accessToken = ((await granted.json()) as { access_token: string }).access_token;
        secrets.add(accessToken);
        const introspected = await fetch(`${url}/oauth/introspect`, {
          method: "POST",
          headers: { ...form, authorization: basic(receiver.machine?.id ?? "", rotated.secretKey) },
          body: `token=${accessToken}`,
        });
        expect(introspected.status).toBe(200);
        const refused = await fetch(`${url}/oauth/token`, {
          method: "POST",
          headers: { ...form, authorization: basic(caller.machine?.id ?? "", `${caller.secretKey}x`) },
          body: "grant_type=client_credentials",
        });
        expect(refused.status).toBe(401);
        errors.push(await refused.text());
      }
    } finally {
      server.child.kill("SIGTERM");
      await server.exit;
    }

    const printed = server.stdout() + server.stderr();
    expect(printed).toContain('"msg":"call"');
    for (const secret of secrets) {
      // Any 16 characters of a secret's random part would already be a leak.
      const needle = secret.slice(3, 19);
      expect(printed.includes(needle), `the output contains ${secret.slice(0, 6)}…`).toBe(false);
      for (const error of errors)
        expect(error.includes(needle), `an error contains ${secret.slice(0, 6)}…`).toBe(false);
    }
    expect(secrets.size).toBeGreaterThan(20);
  }, 60_000);
});
