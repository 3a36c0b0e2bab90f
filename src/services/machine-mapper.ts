import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { type Machine, MachineSchema, ScopedMachineSchema } from "../../gen/ts/latchkey/machine/v1/machine_pb.js";
import { MachineOrder } from "../../gen/ts/latchkey/machine/v1/machine_service_pb.js";
import { InvalidArgumentError } from "../domain/errors.js";
import type { MachineOrderKey } from "../domain/machine-rules.js";
import type { MachineView } from "../use-cases/machines.js";

/** machineToProto turns a stored machine into the API's Machine message. */
export function machineToProto(view: MachineView): Machine {
  return create(MachineSchema, {
    id: view.id,
    instanceId: view.instanceId,
    name: view.name,
    defaultTokenTtlSeconds: BigInt(view.defaultTokenTtlSeconds),
    scopedMachines: view.callees.map((m) => create(ScopedMachineSchema, { id: m.id, name: m.name })),
    createTime: timestampFromDate(view.createTime),
    updateTime: timestampFromDate(view.updateTime),
  });
}

const ORDER_KEYS: Record<MachineOrder, MachineOrderKey> = {
  [MachineOrder.UNSPECIFIED]: { column: "create_time", descending: true },
  [MachineOrder.CREATE_TIME_ASC]: { column: "create_time", descending: false },
  [MachineOrder.CREATE_TIME_DESC]: { column: "create_time", descending: true },
  [MachineOrder.NAME_ASC]: { column: "name", descending: false },
  [MachineOrder.NAME_DESC]: { column: "name", descending: true },
};

/** orderFromProto maps the order_by enum; an unknown value is InvalidArgument. */
export function orderFromProto(order: MachineOrder): MachineOrderKey {
  const key = ORDER_KEYS[order];
  if (key === undefined) throw new InvalidArgumentError("order_by", `unknown value ${order}`);
  return key;
}
