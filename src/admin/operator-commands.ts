import type { CredentialCache } from "../db/credential-cache.js";
import { InstanceRepository } from "../db/instance-repository.js";
import type { Database } from "../db/orm.js";

/** OperatorCommand is one of the commands an operator runs with `npx latchkey`, as data. */
export type OperatorCommand =
  | { command: "instance create"; name: string }
  | { command: "key create"; instanceId: string }
  | { command: "key revoke"; keyId: string };

/** OperatorResult is what a command did, in the `field value` lines the CLI prints. */
export type OperatorResult = { lines: [label: string, value: string][] };

/**
 * runOperatorCommand carries out an operator command on a database: the CLI
 * calls it directly (PostgreSQL, or an embedded data directory no server
 * holds) and the admin socket calls it inside the running server, with that
 * server's credential cache, so a revoked key stops working there at once.
 */
export async function runOperatorCommand(
  database: Database,
  request: OperatorCommand,
  credentials?: CredentialCache,
): Promise<OperatorResult> {
  const instances = new InstanceRepository(database.fork(), credentials);
  switch (request.command) {
    case "instance create": {
      const issued = await instances.createInstance(request.name);
      return {
        lines: [
          ["instance", issued.instanceId],
          ["key", issued.keyId],
          ["secret", issued.secret],
        ],
      };
    }
    case "key create": {
      const issued = await instances.createKey(request.instanceId);
      return {
        lines: [
          ["key", issued.keyId],
          ["secret", issued.secret],
        ],
      };
    }
    case "key revoke":
      await instances.revokeKey(request.keyId);
      return { lines: [["revoked", request.keyId]] };
  }
}

/** isOperatorCommand checks a request that arrived over the admin socket. */
export function isOperatorCommand(value: unknown): value is OperatorCommand {
  if (typeof value !== "object" || value === null) return false;
  const request = value as Record<string, unknown>;
  switch (request.command) {
    case "instance create":
      return typeof request.name === "string";
    case "key create":
      return typeof request.instanceId === "string";
    case "key revoke":
      return typeof request.keyId === "string";
    default:
      return false;
  }
}
