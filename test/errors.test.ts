import { randomBytes } from "node:crypto";
import { Code, createClient } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MachineService } from "../gen/ts/latchkey/machine/v1/machine_service_pb.js";
import { createApp } from "../src/app.js";
import { Instance } from "../src/db/entities.js";
import { openDatabase } from "../src/db/orm.js";
import { newSecret, SecretBox } from "../src/domain/secrets.js";
import { toConnectError } from "../src/interceptors/errors.js";
import { failure, inMemoryTransport, startTestEnv, type TestEnv } from "./harness.js";
import { freePort } from "./process.js";

let env: TestEnv;
beforeAll(async () => {
  env = await startTestEnv();
});
afterAll(() => env.close());

async function databaseError(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error("expected the database to refuse");
}

describe("database errors reach the client as codes, never as SQL", () => {
  it("maps a unique violation to AlreadyExists", async () => {
    const row = { id: `ins_${"9".repeat(27)}`, name: "dup", createTime: new Date() };
    await env.database.fork().insert(Instance, row);
    const mapped = toConnectError(await databaseError(() => env.database.fork().insert(Instance, row)));
    expect(mapped.code).toBe(Code.AlreadyExists);
    expect(mapped.rawMessage).toBe("the resource already exists");
  });

  it("maps a foreign-key violation to NotFound", async () => {
    const error = await databaseError(() =>
      env.database
        .fork()
        .execute(
          "insert into machine (id, instance_id, name, default_token_ttl_seconds, create_time, update_time) values (?, ?, ?, ?, now(), now())",
          [`mch_${"9".repeat(27)}`, `ins_${"8".repeat(27)}`, "orphan", 60],
        ),
    );
    const mapped = toConnectError(error);
    expect(mapped.code).toBe(Code.NotFound);
    expect(mapped.rawMessage).not.toMatch(/insert|constraint|machine_instance/i);
  });

  it("fails fast with Unavailable when PostgreSQL cannot be reached", async () => {
    const port = await freePort();
    const unreachable = await openDatabase({ url: `postgres://postgres@127.0.0.1:${port}/none` });
    try {
      const app = createApp(unreachable, new SecretBox(randomBytes(32)));
      const transport = inMemoryTransport(app, newSecret("sk"));
      const started = Date.now();
      const error = await failure(createClient(MachineService, transport).getMachine({ id: `mch_${"0".repeat(27)}` }));
      expect(error.code).toBe(Code.Unavailable);
      expect(error.rawMessage).toBe("the database is unavailable, try again");
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await unreachable.close();
    }
  });
});
