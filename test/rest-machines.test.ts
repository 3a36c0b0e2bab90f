import http2 from "node:http2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestEnv, type TestEnv, type TestInstance } from "./harness.js";
import { clerkError, restClient } from "./rest-client.js";

let env: TestEnv;
let rest: ReturnType<typeof restClient>;
beforeAll(async () => {
  env = await startTestEnv("gRPC on a real port");
  rest = restClient(env.url as string);
});
afterAll(() => env.close());

const MACHINE_ID = /^mch_[0-9A-Za-z]{27}$/;
const MACHINE_KEY = /^ak_[0-9A-Za-z]{43}$/;
const UNKNOWN_ID = `mch_${"0".repeat(27)}`;

/** A millisecond Unix timestamp from the last minute (a seconds value would be ~1000 times smaller). */
const recentMs = () =>
  expect.toSatisfy((value: unknown) => typeof value === "number" && Math.abs(Date.now() - value) < 60_000);

async function create(instance: TestInstance, json: Record<string, unknown>) {
  const res = await rest("POST", "/v1/machines", { key: instance.secret, json });
  expect(res.status).toBe(200);
  return res.body;
}

describe("POST /v1/machines", () => {
  it("answers 200 with the Machine, its secret_key, and millisecond timestamps", async () => {
    const instance = await env.newInstance();
    const res = await rest("POST", "/v1/machines", { key: instance.secret, json: { name: "  billing  " } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.body).toEqual({
      object: "machine",
      id: expect.stringMatching(MACHINE_ID),
      name: "billing",
      instance_id: instance.instanceId,
      created_at: recentMs(),
      updated_at: res.body.created_at,
      default_token_ttl: 3600,
      scoped_machines: [],
      secret_key: expect.stringMatching(MACHINE_KEY),
    });
  });

  it("creates scopes at once; scoped_machines nest full machines without their own scopes", async () => {
    const instance = await env.newInstance();
    const target = await create(instance, { name: "ledger", default_token_ttl: 60 });
    const res = await create(instance, { name: "billing", scoped_machines: [target.id], default_token_ttl: 120 });
    expect(res.default_token_ttl).toBe(120);
    const { secret_key: _key, scoped_machines: _scopes, ...targetMachine } = target;
    expect(res.scoped_machines).toEqual([targetMachine]);
  });

  it("answers 422 naming the parameter for invalid values, unknown parameters and wrong types", async () => {
    const instance = await env.newInstance();
    const cases: [Record<string, unknown>, string][] = [
      [{}, "name"],
      [{ name: "   " }, "name"],
      [{ name: "x".repeat(256) }, "name"],
      [{ name: 7 }, "name"],
      [{ name: "a", default_token_ttl: 0 }, "default_token_ttl"],
      [{ name: "a", default_token_ttl: 315_360_001 }, "default_token_ttl"],
      [{ name: "a", default_token_ttl: 1.5 }, "default_token_ttl"],
      [{ name: "a", scoped_machines: "mch_x" }, "scoped_machines"],
      [{ name: "a", scoped_machines: ["nope"] }, "scoped_machines[0]"],
      [{ name: "a", scoped_machines: Array(151).fill(UNKNOWN_ID) }, "scoped_machines"],
      [{ name: "a", scopedMachines: [] }, "scopedMachines"],
    ];
    for (const [json, param] of cases) {
      const res = await rest("POST", "/v1/machines", { key: instance.secret, json });
      expect(res.status, JSON.stringify(json).slice(0, 80)).toBe(422);
      expect(res.body).toEqual(clerkError("form_param_value_invalid", { param_name: param, reason: "INVALID_FIELD" }));
    }
  });

  it("answers 404 when a scoped machine does not exist", async () => {
    const instance = await env.newInstance();
    const res = await rest("POST", "/v1/machines", {
      key: instance.secret,
      json: { name: "a", scoped_machines: [UNKNOWN_ID] },
    });
    expect(res.status).toBe(404);
    expect(res.body).toEqual(clerkError("resource_not_found", { resource: "machine", id: UNKNOWN_ID }));
  });
});

describe("GET /v1/machines/{id}", () => {
  it("answers 200 with the Machine, and 404 for an unknown one or one of another instance", async () => {
    const instance = await env.newInstance();
    const { secret_key: _key, ...machine } = await create(instance, { name: "billing" });
    const res = await rest("GET", `/v1/machines/${machine.id}`, { key: instance.secret });
    expect(res).toMatchObject({ status: 200, body: machine });
    expect(Object.keys(res.body).sort()).toEqual(Object.keys(machine).sort());

    const unknown = await rest("GET", `/v1/machines/${UNKNOWN_ID}`, { key: instance.secret });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual(clerkError("resource_not_found", { reason: "MACHINE_NOT_FOUND" }));
    const other = await env.newInstance();
    const foreign = await rest("GET", `/v1/machines/${machine.id}`, { key: other.secret });
    expect(foreign.status).toBe(404);
  });

  it("answers 422 for a malformed id", async () => {
    const instance = await env.newInstance();
    const res = await rest("GET", "/v1/machines/not-an-id", { key: instance.secret });
    expect(res.status).toBe(422);
    expect(res.body).toEqual(clerkError("form_param_value_invalid", { param_name: "machine_id" }));
  });
});

describe("GET /v1/machines", () => {
  it("pages with limit and offset, filters with query, orders with order_by, and counts", async () => {
    const instance = await env.newInstance();
    const made = [];
    for (const name of ["bravo", "alpha", "charlie-1", "charlie-2"]) made.push(await create(instance, { name }));
    const list = (qs: string) => rest("GET", `/v1/machines${qs}`, { key: instance.secret });

    const all = await list("");
    expect(all.status).toBe(200);
    expect(Object.keys(all.body).sort()).toEqual(["data", "total_count"]);
    expect(all.body.total_count).toBe(4);
    expect(all.body.data.map((m: { name: string }) => m.name)).toEqual(["charlie-2", "charlie-1", "alpha", "bravo"]);
    expect(all.body.data[0]).toEqual({ ...made[3], secret_key: undefined, object: "machine" });

    const names = async (qs: string) => (await list(qs)).body.data.map((m: { name: string }) => m.name);
    expect(await names("?order_by=name")).toEqual(["alpha", "bravo", "charlie-1", "charlie-2"]);
    expect(await names("?order_by=%2Bname")).toEqual(["alpha", "bravo", "charlie-1", "charlie-2"]);
    expect(await names("?order_by=+name")).toEqual(["alpha", "bravo", "charlie-1", "charlie-2"]);
    expect(await names("?order_by=-name")).toEqual(["charlie-2", "charlie-1", "bravo", "alpha"]);
    expect(await names("?order_by=created_at")).toEqual(["bravo", "alpha", "charlie-1", "charlie-2"]);
    expect(await names("?order_by=-created_at&limit=2&offset=1")).toEqual(["charlie-1", "alpha"]);

    const charlies = await list("?query=CHARLIE&order_by=name&limit=1");
    expect(charlies.body.total_count).toBe(2);
    expect(charlies.body.data.map((m: { name: string }) => m.name)).toEqual(["charlie-1"]);
    expect(await names(`?query=${made[0].id}`)).toEqual(["bravo"]);
    expect(await names("?offset=4")).toEqual([]);
  });

  it("accepts limit 1–500 and answers 422 outside it, or for a bad offset or order_by", async () => {
    const instance = await env.newInstance();
    for (const qs of ["?limit=1", "?limit=500", "?offset=0"]) {
      expect((await rest("GET", `/v1/machines${qs}`, { key: instance.secret })).status).toBe(200);
    }
    const bad: [string, string][] = [
      ["?limit=0", "limit"],
      ["?limit=501", "limit"],
      ["?limit=ten", "limit"],
      ["?offset=-1", "offset"],
      ["?order_by=id", "order_by"],
      ["?order_by=--name", "order_by"],
    ];
    for (const [qs, param] of bad) {
      const res = await rest("GET", `/v1/machines${qs}`, { key: instance.secret });
      expect(res.status, qs).toBe(422);
      expect(res.body).toEqual(clerkError("form_param_value_invalid", { param_name: param }));
    }
  });
});

describe("PATCH /v1/machines/{id}", () => {
  it("changes only the given fields and refuses scoped_machines", async () => {
    const instance = await env.newInstance();
    const machine = await create(instance, { name: "billing" });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const renamed = await rest("PATCH", `/v1/machines/${machine.id}`, {
      key: instance.secret,
      json: { name: "ledger" },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ object: "machine", id: machine.id, name: "ledger", default_token_ttl: 3600 });
    expect(renamed.body.updated_at).toBeGreaterThan(machine.updated_at);
    expect(renamed.body.created_at).toBe(machine.created_at);
    expect(renamed.body.secret_key).toBeUndefined();

    const ttl = await rest("PATCH", `/v1/machines/${machine.id}`, {
      key: instance.secret,
      json: { default_token_ttl: 60 },
    });
    expect(ttl.body).toMatchObject({ name: "ledger", default_token_ttl: 60 });
    const nothing = await rest("PATCH", `/v1/machines/${machine.id}`, { key: instance.secret });
    expect(nothing).toMatchObject({ status: 200, body: { name: "ledger", default_token_ttl: 60 } });

    const scopes = await rest("PATCH", `/v1/machines/${machine.id}`, {
      key: instance.secret,
      json: { scoped_machines: [] },
    });
    expect(scopes.status).toBe(422);
    expect(scopes.body).toEqual(clerkError("form_param_value_invalid", { param_name: "scoped_machines" }));
    const blank = await rest("PATCH", `/v1/machines/${machine.id}`, { key: instance.secret, json: { name: "" } });
    expect(blank.status).toBe(422);
    const unknown = await rest("PATCH", `/v1/machines/${UNKNOWN_ID}`, { key: instance.secret, json: { name: "x" } });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual(clerkError("resource_not_found"));
  });
});

describe("DELETE /v1/machines/{id}", () => {
  it("answers the deleted shape, removes scopes both ways, and 404 the second time", async () => {
    const instance = await env.newInstance();
    const target = await create(instance, { name: "target" });
    const caller = await create(instance, { name: "caller", scoped_machines: [target.id] });
    const res = await rest("DELETE", `/v1/machines/${target.id}`, { key: instance.secret });
    expect(res).toMatchObject({ status: 200, body: { object: "machine", id: target.id, deleted: true } });
    expect(Object.keys(res.body).sort()).toEqual(["deleted", "id", "object"]);
    const after = await rest("GET", `/v1/machines/${caller.id}`, { key: instance.secret });
    expect(after.body.scoped_machines).toEqual([]);
    expect((await rest("GET", `/v1/machines/${target.id}`, { key: instance.secret })).status).toBe(404);
    const again = await rest("DELETE", `/v1/machines/${target.id}`, { key: instance.secret });
    expect(again.status).toBe(404);
    expect(again.body).toEqual(clerkError("resource_not_found"));
  });
});

describe("secret keys", () => {
  it("GET /secret_key answers the current key; rotate answers the new one and keeps the old one for the grace period", async () => {
    const instance = await env.newInstance();
    const machine = await create(instance, { name: "billing" });
    const current = await rest("GET", `/v1/machines/${machine.id}/secret_key`, { key: instance.secret });
    expect(current).toMatchObject({ status: 200, body: { object: "machine_secret_key", secret: machine.secret_key } });
    expect(Object.keys(current.body).sort()).toEqual(["object", "secret"]);

    const rotated = await rest("POST", `/v1/machines/${machine.id}/secret_key/rotate`, {
      key: instance.secret,
      json: { previous_token_ttl: 60 },
    });
    expect(rotated.status).toBe(200);
    expect(rotated.body).toEqual({ object: "machine_secret_key", secret: expect.stringMatching(MACHINE_KEY) });
    expect(rotated.body.secret).not.toBe(machine.secret_key);
    const nowCurrent = await rest("GET", `/v1/machines/${machine.id}/secret_key`, { key: instance.secret });
    expect(nowCurrent.body.secret).toBe(rotated.body.secret);
    const listWith = (key: string) => rest("GET", "/m2m_tokens", { key });
    expect((await listWith(machine.secret_key)).status).toBe(200);
    expect((await listWith(rotated.body.secret)).status).toBe(200);

    const ended = await rest("POST", `/v1/machines/${machine.id}/secret_key/rotate`, {
      key: instance.secret,
      json: { previous_token_ttl: 0 },
    });
    expect(ended.status).toBe(200);
    expect((await listWith(rotated.body.secret)).status).toBe(401);
    expect((await listWith(ended.body.secret)).status).toBe(200);
  });

  it("rotate needs previous_token_ttl 0–28800 (422) and an existing machine (404)", async () => {
    const instance = await env.newInstance();
    const machine = await create(instance, { name: "billing" });
    for (const json of [{}, { previous_token_ttl: -1 }, { previous_token_ttl: 28_801 }, { previous_token_ttl: "1" }]) {
      const res = await rest("POST", `/v1/machines/${machine.id}/secret_key/rotate`, { key: instance.secret, json });
      expect(res.status, JSON.stringify(json)).toBe(422);
      expect(res.body).toEqual(clerkError("form_param_value_invalid", { param_name: "previous_token_ttl" }));
    }
    const unknown = await rest("POST", `/v1/machines/${UNKNOWN_ID}/secret_key/rotate`, {
      key: instance.secret,
      json: { previous_token_ttl: 0 },
    });
    expect(unknown.status).toBe(404);
    expect((await rest("GET", `/v1/machines/${UNKNOWN_ID}/secret_key`, { key: instance.secret })).status).toBe(404);
  });
});

describe("scopes", () => {
  it("POST answers the MachineScope, then 409 for a duplicate; DELETE answers the deleted shape, then 404", async () => {
    const instance = await env.newInstance();
    const a = await create(instance, { name: "a" });
    const b = await create(instance, { name: "b" });
    const created = await rest("POST", `/v1/machines/${a.id}/scopes`, {
      key: instance.secret,
      json: { to_machine_id: b.id },
    });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({
      object: "machine_scope",
      from_machine_id: a.id,
      to_machine_id: b.id,
      created_at: recentMs(),
    });
    const seen = await rest("GET", `/v1/machines/${a.id}`, { key: instance.secret });
    expect(seen.body.scoped_machines.map((m: { id: string }) => m.id)).toEqual([b.id]);

    const duplicate = await rest("POST", `/v1/machines/${a.id}/scopes`, {
      key: instance.secret,
      json: { to_machine_id: b.id },
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toEqual(clerkError("duplicate_record", { reason: "MACHINE_SCOPE_EXISTS" }));

    const deleted = await rest("DELETE", `/v1/machines/${a.id}/scopes/${b.id}`, { key: instance.secret });
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({
      object: "machine_scope",
      from_machine_id: a.id,
      to_machine_id: b.id,
      deleted: true,
    });
    const again = await rest("DELETE", `/v1/machines/${a.id}/scopes/${b.id}`, { key: instance.secret });
    expect(again.status).toBe(404);
    expect(again.body).toEqual(clerkError("resource_not_found", { reason: "MACHINE_SCOPE_NOT_FOUND" }));
  });

  it("answers 422 for a self-scope or a bad id, 404 for an unknown machine", async () => {
    const instance = await env.newInstance();
    const a = await create(instance, { name: "a" });
    const post = (from: string, json: unknown) =>
      rest("POST", `/v1/machines/${from}/scopes`, { key: instance.secret, json });
    const self = await post(a.id, { to_machine_id: a.id });
    expect(self.status).toBe(422);
    expect(self.body).toEqual(clerkError("form_param_value_invalid", { param_name: "to_machine_id" }));
    expect((await post(a.id, {})).status).toBe(422);
    expect((await post(a.id, { to_machine_id: "b" })).status).toBe(422);
    expect((await post(a.id, { to_machine_id: UNKNOWN_ID })).status).toBe(404);
    expect((await post(UNKNOWN_ID, { to_machine_id: a.id })).status).toBe(404);
    const badOther = await rest("DELETE", `/v1/machines/${a.id}/scopes/nope`, { key: instance.secret });
    expect(badOther.status).toBe(422);
    expect(badOther.body).toEqual(clerkError("form_param_value_invalid", { param_name: "other_machine_id" }));
  });

  it("answers 422 machine_scope_limit_exceeded for the 151st scope", async () => {
    const instance = await env.newInstance();
    const targets: string[] = [];
    for (let i = 0; i < 151; i++) {
      const { machine } = await instance.machines.createMachine({ name: `t-${i}` });
      targets.push(machine?.id as string);
    }
    const full = await create(instance, { name: "full", scoped_machines: targets.slice(0, 150) });
    expect(full.scoped_machines).toHaveLength(150);
    const res = await rest("POST", `/v1/machines/${full.id}/scopes`, {
      key: instance.secret,
      json: { to_machine_id: targets[150] },
    });
    expect(res.status).toBe(422);
    expect(res.body).toEqual(clerkError("machine_scope_limit_exceeded", { reason: "MACHINE_SCOPE_LIMIT" }));
  });
});

describe("authentication, routing and bodies", () => {
  it("answers 401 without a key, with an unknown key, and with a machine key", async () => {
    const instance = await env.newInstance();
    const machine = await create(instance, { name: "billing" });
    const keys = [undefined, "sk_nope", `sk_${"0".repeat(43)}`, machine.secret_key];
    for (const key of keys) {
      for (const [method, path] of [
        ["GET", "/v1/machines"],
        ["POST", "/v1/machines"],
        ["GET", `/v1/machines/${machine.id}`],
        ["DELETE", `/v1/machines/${machine.id}/scopes/${UNKNOWN_ID}`],
      ] as const) {
        const res = await rest(method, path, {
          ...(key === undefined ? {} : { key }),
          ...(method === "POST" ? { json: { name: "x" } } : {}),
        });
        expect(res.status, `${method} ${path}`).toBe(401);
        expect(res.body).toEqual(clerkError("authentication_invalid"));
      }
    }
  });

  it("answers the reference's 404 for unknown paths under /v1 (no key needed) and 405 for a wrong method", async () => {
    for (const path of ["/v1", "/v1/", "/v1/users", "/v1/machines/x/y/z", "/m2m_tokens/x", "/v1/machines/"]) {
      const res = await rest("GET", path);
      expect(res.status, path).toBe(404);
      expect(res.body).toEqual(clerkError("resource_not_found"));
    }
    const wrong = await rest("PUT", "/v1/machines");
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("GET, POST");
    expect(wrong.body).toEqual(clerkError("method_not_allowed"));
  });

  it("answers 400 for a path that is not valid percent-encoding", async () => {
    const instance = await env.newInstance();
    const res = await rest("GET", "/v1/machines/%E0%A4%A", { key: instance.secret });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(clerkError("request_path_invalid"));
  });

  it("serves HTTP/2 (cleartext, prior knowledge) on the same port too", async () => {
    const instance = await env.newInstance();
    const session = http2.connect(env.url as string);
    try {
      const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = session.request({
          ":method": "POST",
          ":path": "/v1/machines",
          authorization: `Bearer ${instance.secret}`,
          "content-type": "application/json",
        });
        let status = 0;
        let text = "";
        req.on("response", (headers) => {
          status = Number(headers[":status"]);
        });
        req.setEncoding("utf8");
        req.on("data", (chunk: string) => {
          text += chunk;
        });
        req.on("end", () => resolve({ status, text }));
        req.on("error", reject);
        req.end(JSON.stringify({ name: "over h2" }));
      });
      expect(status).toBe(200);
      expect(JSON.parse(text)).toMatchObject({ object: "machine", name: "over h2" });
    } finally {
      session.close();
    }
  });

  it("answers 400 for a body that is not a JSON object, 415 for another media type, 413 above 64 KiB", async () => {
    const instance = await env.newInstance();
    const post = (raw: string, type = "application/json") =>
      rest("POST", "/v1/machines", { key: instance.secret, raw, headers: { "content-type": type } });
    for (const raw of ["{", "[]", '"billing"', "null"]) {
      const res = await post(raw);
      expect(res.status, raw).toBe(400);
      expect(res.body).toEqual(clerkError("request_body_invalid"));
    }
    const form = await post("name=billing", "application/x-www-form-urlencoded");
    expect(form.status).toBe(415);
    expect(form.body).toEqual(clerkError("unsupported_media_type"));
    const big = await post(JSON.stringify({ name: "x".repeat(64 * 1024) }));
    expect(big.status).toBe(413);
    expect(big.body).toEqual(clerkError("request_body_too_large"));
    const charset = await post(JSON.stringify({ name: "ok" }), "application/json; charset=utf-8");
    expect(charset.status).toBe(200);
  });

  it("keeps the OAuth and JWKS endpoints and the Connect protocol working beside it", async () => {
    const instance = await env.newInstance();
    const jwks = await rest("GET", `/instances/${instance.instanceId}/.well-known/jwks.json`);
    expect(jwks.status).toBe(200);
    expect((await rest("GET", "/nothing")).body).toEqual({ error: "not_found" });
    const { machine } = await instance.machines.createMachine({ name: "via connect" });
    const viaRest = await rest("GET", `/v1/machines/${machine?.id}`, { key: instance.secret });
    expect(viaRest.body.name).toBe("via connect");
  });
});
