import type { Consistency } from "../../gen/ts/latchkey/scope/v1/consistency_pb.js";
import { InvalidArgumentError } from "../domain/errors.js";
import type { ConsistencyRequest } from "../use-cases/consistency.js";

/**
 * consistencyRequest reads a request's `consistency` oneof (field `field`),
 * the same message in ScopeService and MachineService; unset is fully
 * consistent, the safe default.
 */
export function consistencyRequest(field: string, message: Consistency | undefined): ConsistencyRequest {
  const requirement = message?.requirement;
  switch (requirement?.case) {
    case undefined:
      return { kind: "fully-consistent" };
    case "fullyConsistent":
    case "minimizeLatency": {
      const name = requirement.case === "fullyConsistent" ? "fully_consistent" : "minimize_latency";
      if (!requirement.value) throw new InvalidArgumentError(`${field}.${name}`, "must be true when set");
      return { kind: requirement.case === "fullyConsistent" ? "fully-consistent" : "minimize-latency" };
    }
    case "atLeastAsFresh":
      return { kind: "at-least-as-fresh", token: requirement.value, field: `${field}.at_least_as_fresh` };
  }
}
