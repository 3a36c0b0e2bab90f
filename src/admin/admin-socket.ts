import { chmodSync, rmSync } from "node:fs";
import http from "node:http";
import { join } from "node:path";
import { DomainError, type DomainErrorKind } from "../domain/errors.js";
import { log } from "../log.js";
import { isOperatorCommand, type OperatorCommand, type OperatorResult } from "./operator-commands.js";

/** ADMIN_BODY_MAX_BYTES bounds one admin request; the commands are a few dozen bytes. */
const ADMIN_BODY_MAX_BYTES = 64 * 1024;

/** adminSocketPath is the Unix socket on which a server holding `dataDir` takes operator commands. */
export function adminSocketPath(dataDir: string): string {
  return join(dataDir, "admin.sock");
}

/** AdminSocket is a listening admin socket; close stops it and removes the file. */
export type AdminSocket = { close(): Promise<void> };

/**
 * serveAdminSocket lets `npx latchkey instance create` and the key commands
 * run inside the server that owns an embedded data directory, instead of
 * opening its database beside it. The socket is created mode 0600 in the
 * data directory, so only the server's own user (and root) can connect: the
 * filesystem is the authentication, as for the database files next to it.
 * Protocol: one HTTP/1.1 `POST /` per command with the OperatorCommand as
 * JSON; the answer is the OperatorResult, or `{kind, message}` for a refused
 * command (status 400) and a bare message for a failure (status 500).
 * Call only while holding the data directory's lock: a socket file left by a
 * killed server is removed first.
 */
export async function serveAdminSocket(
  dataDir: string,
  run: (command: OperatorCommand) => Promise<OperatorResult>,
): Promise<AdminSocket> {
  const path = adminSocketPath(dataDir);
  rmSync(path, { force: true });
  const server = http.createServer((req, res) => {
    const answer = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > ADMIN_BODY_MAX_BYTES) req.destroy();
      else chunks.push(chunk);
    });
    req.on("end", () => {
      let request: unknown;
      try {
        request = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        request = undefined;
      }
      if (req.method !== "POST" || !isOperatorCommand(request)) {
        answer(400, { kind: "invalid_argument", message: "not an operator command" });
        return;
      }
      run(request).then(
        (result) => {
          log("info", "operator command", { command: request.command });
          answer(200, result);
        },
        (error: unknown) => {
          if (error instanceof DomainError) {
            answer(400, { kind: error.kind, reason: error.reason, message: error.message });
            return;
          }
          log("error", "operator command failed", {
            command: request.command,
            cause: error instanceof Error ? error.message : String(error),
          });
          answer(500, { message: "the command failed: see the server's log" });
        },
      );
    });
  });
  // Created with no access for group and others; the chmod repeats it where umask is not honoured.
  const umask = process.umask(0o177);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(path, resolve);
    });
  } finally {
    process.umask(umask);
  }
  chmodSync(path, 0o600);
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** AdminSocketUnreachable means no server answered on the admin socket (not started yet, or gone). */
export class AdminSocketUnreachable extends Error {}

/**
 * callAdminSocket sends one operator command to the server holding
 * `dataDir`. A refused command is thrown as the DomainError it was; a server
 * that does not answer as AdminSocketUnreachable.
 */
export function callAdminSocket(dataDir: string, command: OperatorCommand): Promise<OperatorResult> {
  const body = JSON.stringify(command);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        socketPath: adminSocketPath(dataDir),
        method: "POST",
        path: "/",
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
        timeout: 30_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", reject);
        res.on("end", () => {
          let answer: { kind?: DomainErrorKind; reason?: string; message?: string } & Partial<OperatorResult>;
          try {
            answer = JSON.parse(Buffer.concat(chunks).toString("utf8"));
          } catch {
            reject(new Error(`the server answered the admin socket with status ${res.statusCode} and no JSON`));
            return;
          }
          if (res.statusCode === 200 && answer.lines) resolve({ lines: answer.lines });
          else if (answer.kind) reject(new DomainError(answer.kind, answer.message ?? "", answer.reason ?? ""));
          else reject(new Error(answer.message ?? `the server answered status ${res.statusCode}`));
        });
      },
    );
    req.on("timeout", () => req.destroy(new Error("the server did not answer on its admin socket within 30 s")));
    req.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT" || error.code === "ECONNREFUSED") reject(new AdminSocketUnreachable(error.message));
      else reject(error);
    });
    req.end(body);
  });
}
