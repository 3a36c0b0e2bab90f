import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { ErrorInfoSchema } from "../gen/ts/google/rpc/error_details_pb.js";
import { describeError } from "../web/src/errors.js";
import { explainCheck, levelsAbove, named, parsePermissions } from "../web/src/scope-words.js";
import { visibleRange } from "../web/src/visible-range.js";

describe("the console's describeError", () => {
  it("reads the reason and the field from google.rpc.ErrorInfo", () => {
    const error = new ConnectError("name: must not be blank", Code.InvalidArgument, undefined, [
      {
        desc: ErrorInfoSchema,
        value: create(ErrorInfoSchema, { reason: "INVALID_FIELD", domain: "latchkey", metadata: { field: "name" } }),
      },
    ]);
    expect(describeError(error)).toEqual({
      code: "InvalidArgument",
      reason: "INVALID_FIELD",
      field: "name",
      message: "name: must not be blank",
    });
  });

  it("explains codes whose text does not help, and survives errors without details", () => {
    expect(describeError(new ConnectError("missing Authorization: Bearer header", Code.Unauthenticated))).toMatchObject(
      {
        code: "Unauthenticated",
        reason: undefined,
        field: undefined,
        message: expect.stringMatching(/^The key was not accepted.*\(missing Authorization: Bearer header\)$/),
      },
    );
    expect(describeError(new ConnectError("", Code.Internal)).message).toContain("its log has the cause");
    expect(describeError(new TypeError("Failed to fetch")).code).toBe("Unknown");
  });
});

describe("the console's virtual list window", () => {
  it("renders only the rows in view plus the overscan", () => {
    expect(visibleRange(0, 520, 52, 10_000, 8)).toEqual({ start: 0, end: 18 });
    expect(visibleRange(52 * 5000, 520, 52, 10_000, 8)).toEqual({ start: 4992, end: 5018 });
    expect(visibleRange(52 * 9995, 520, 52, 10_000, 8)).toEqual({ start: 9987, end: 10_000 });
    expect(visibleRange(0, 520, 52, 0)).toEqual({ start: 0, end: 0 });
  });
});

describe("the console's permission check in words", () => {
  const names = {
    scope: (id: string) => named({ scope_root: "acme", scope_child: "payments" }[id], id),
    role: (id: string) => named({ role_deploy: "deployer" }[id], id),
  };
  const question = { subjectId: "mch_worker", scopeId: "scope_child", permission: "deploy:write" };

  it("names the membership's scope, how far up it is, the role and the pattern that matched", () => {
    const explained = explainCheck(
      question,
      {
        allowed: true,
        grants: [
          { scopeId: "scope_child", roleId: "role_x", permission: "*", distance: 0 },
          { scopeId: "scope_root", roleId: "role_deploy", permission: "deploy:*", distance: 1 },
        ],
      },
      names,
    );
    expect(explained).toEqual({
      allowed: true,
      verdict: "Allowed: mch_worker holds “deploy:write” in payments (scope_child).",
      reasons: [
        "Its membership in payments (scope_child), the checked scope itself, gives it the role role_x, whose permission “*” matches.",
        "Its membership in acme (scope_root), 1 level up the tree, gives it the role deployer (role_deploy), whose permission “deploy:*” matches.",
      ],
    });
  });

  it("says where a denied check looked", () => {
    const explained = explainCheck(question, { allowed: false, grants: [] }, names);
    expect(explained.allowed).toBe(false);
    expect(explained.verdict).toBe("Denied: mch_worker does not hold “deploy:write” in payments (scope_child).");
    expect(explained.reasons[0]).toContain("or in an ancestor it inherits from");
  });

  it("counts levels and reads typed permission lists", () => {
    expect(levelsAbove(3)).toBe("3 levels up the tree");
    expect(parsePermissions(" deploy:read, deploy:*\n*:read  ,,")).toEqual(["deploy:read", "deploy:*", "*:read"]);
    expect(parsePermissions("   ")).toEqual([]);
    expect(named("", "role_x")).toBe("role_x");
  });
});
