import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { ErrorInfoSchema } from "../gen/ts/google/rpc/error_details_pb.js";
import { describeError } from "../web/src/errors.js";
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
