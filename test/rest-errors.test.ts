import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { Instance } from "../src/db/entities.js";
import { openDatabase } from "../src/db/orm.js";
import { newSecret, SecretBox } from "../src/domain/secrets.js";
import { toRestError } from "../src/http/rest/errors.js";
import { listen } from "../src/server.js";
import { startTestEnv, type TestEnv } from "./harness.js";
import { freePort } from "./process.js";
import { clerkError, restClient } from "./rest-client.js";

let env: TestEnv;
beforeAll(async () => {
  env = await startTestEnv();
});
afterAll(() => env.close());

describe("REST errors never carry database text or stacks", () => {
  it("maps a unique violation to 409 and anything unexpected to 500, with generic messages", async () => {
    const row = { id: `ins_${"7".repeat(27)}`, name: "dup", createTime: new Date() };
    await env.database.fork().insert(Instance, row);
    const unique = await env.database
      .fork()
      .insert(Instance, row)
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    const conflict = toRestError(unique);
    expect(conflict.status).toBe(409);
    expect(conflict.body).toEqual(clerkError("duplicate_record", {}));
    expect(JSON.stringify(conflict.body)).not.toMatch(/instance|constraint|insert|pkey/i);

    const internal = toRestError(new Error('relation "machine" does not exist'));
    expect(internal.status).toBe(500);
    expect(internal.body).toEqual({
      errors: [{ message: "Internal error", long_message: "internal error", code: "internal_error", meta: {} }],
    });
    expect(internal.cause).toBeInstanceOf(Error);
  });

  it("answers 503 service_unavailable over the wire when PostgreSQL cannot be reached", async () => {
    const port = await freePort();
    const unreachable = await openDatabase({ url: `postgres://postgres@127.0.0.1:${port}/none` });
    const server = await listen(createApp(unreachable, new SecretBox(randomBytes(32))), {
      port: 0,
      host: "127.0.0.1",
    });
    try {
      const res = await restClient(server.url)("GET", "/v1/machines", { key: newSecret("sk") });
      expect(res.status).toBe(503);
      expect(res.body).toEqual({
        errors: [
          {
            message: "Service unavailable",
            long_message: "the database is unavailable, try again",
            code: "service_unavailable",
            meta: {},
          },
        ],
      });
    } finally {
      await server.close(1000);
      await unreachable.close();
    }
  });
});
