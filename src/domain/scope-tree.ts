import { FailedPreconditionError } from "./errors.js";
import { SCOPE_LIMITS } from "./limits.js";

/**
 * Rules of the scope tree's shape that need no database: where a scope may
 * sit under its type's allowed parent types, and how deep the tree may grow.
 * The repositories apply them to what they read before they write.
 */

/**
 * checkParentType: a scope of `type` may have `parent` (undefined: be a root)
 * when the type allows any parent (an empty list) or lists the parent's type.
 */
export function checkParentType(
  type: { id: string; allowedParentTypeIds: string[] },
  parent: { id: string; typeId: string } | undefined,
): void {
  if (type.allowedParentTypeIds.length === 0) return;
  if (parent === undefined || !type.allowedParentTypeIds.includes(parent.typeId)) {
    throw new FailedPreconditionError(
      `a scope of type ${type.id} must have a parent of type ${type.allowedParentTypeIds.join(" or ")}` +
        (parent === undefined ? "" : `; ${parent.id} is of type ${parent.typeId}`),
      "SCOPE_PARENT_TYPE_NOT_ALLOWED",
    );
  }
}

/** checkDepth refuses a change that would put a scope deeper than SCOPE_LIMITS.maxDepth; `what` starts the message. */
export function checkDepth(depth: number, what: string): void {
  if (depth > SCOPE_LIMITS.maxDepth) {
    throw new FailedPreconditionError(
      `${what} at depth ${depth}; the deepest allowed is ${SCOPE_LIMITS.maxDepth}`,
      "SCOPE_TOO_DEEP",
    );
  }
}
