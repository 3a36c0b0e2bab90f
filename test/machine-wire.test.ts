import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import fc from "fast-check";
import { expect, it } from "vitest";
import { ListMachinesResponseSchema } from "../gen/ts/latchkey/machine/v1/machine_service_pb.js";
import { machineToProto } from "../src/services/machine-mapper.js";
import { machinesAsWireFields } from "../src/services/machine-wire.js";
import type { CalleeView } from "../src/use-cases/machines.js";

// Dates over the whole range a Timestamp holds, before 1970 too, with and without milliseconds.
const time = fc.date({
  min: new Date("0001-01-01T00:00:00Z"),
  max: new Date("9999-12-31T23:59:59.999Z"),
  noInvalidDate: true,
});
const callee = fc.record({
  id: fc.string(),
  instanceId: fc.constant("ins_1"),
  name: fc.string({ unit: "binary" }),
  defaultTokenTtlSeconds: fc.nat(),
  createTime: time,
  updateTime: time,
});
const machine = fc.record({
  id: fc.string(),
  instanceId: fc.string(),
  name: fc.string({ unit: "binary" }),
  defaultTokenTtlSeconds: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 315_360_000 })),
  createTime: fc.oneof(time, fc.constant(new Date(0)), fc.constant(new Date(-1))),
  updateTime: time,
  callees: fc.array(callee as fc.Arbitrary<CalleeView>, { maxLength: 3 }),
});

it("ListMachines' pre-encoded machines are the bytes toBinary writes for the same machines", () => {
  fc.assert(
    fc.property(fc.array(machine, { maxLength: 5 }), (views) => {
      const listed = create(ListMachinesResponseSchema, { machines: views.map(machineToProto) });
      const encoded = create(ListMachinesResponseSchema);
      encoded.$unknown = machinesAsWireFields(views);
      const bytes = toBinary(ListMachinesResponseSchema, encoded);
      expect(Buffer.from(bytes).equals(Buffer.from(toBinary(ListMachinesResponseSchema, listed)))).toBe(true);
      expect(fromBinary(ListMachinesResponseSchema, bytes).machines).toEqual(listed.machines);
    }),
    { numRuns: 500 },
  );
});
