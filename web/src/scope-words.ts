/** CheckQuestion is what the permission check form asked. */
export type CheckQuestion = { subjectId: string; scopeId: string; permission: string };

/** GrantFact is one reason CheckPermission gave for allowing (the fields of a `Grant`). */
export type GrantFact = { scopeId: string; roleId: string; permission: string; distance: number };

/** Names shows ids the way the operator knows them; ids it cannot name are shown as they are. */
export type Names = { scope(id: string): string; role(id: string): string };

/** CheckExplanation is a CheckPermission answer in plain words. */
export type CheckExplanation = { allowed: boolean; verdict: string; reasons: string[] };

/** named shows a resource as "name (id)", or the bare id when its name is unknown, so both can be searched for. */
export function named(name: string | undefined, id: string): string {
  return name === undefined || name === "" ? id : `${name} (${id})`;
}

/**
 * parsePermissions reads the permission patterns typed into one field,
 * separated by commas, spaces or new lines; the server judges each pattern.
 */
export function parsePermissions(text: string): string[] {
  return text.split(/[\s,]+/).filter((pattern) => pattern !== "");
}

/** levelsAbove says where a grant's membership is, relative to the checked scope (`distance` levels up). */
export function levelsAbove(distance: number): string {
  if (distance === 0) return "the checked scope itself";
  return `${distance} level${distance === 1 ? "" : "s"} up the tree`;
}

/**
 * explainCheck turns a CheckPermission answer into sentences an operator can
 * act on: allowed or denied, and for each grant which membership (in which
 * scope, how far up the tree) and which role's pattern allowed it. The server
 * sends no grants for a denial, so that sentence says where it looked.
 */
export function explainCheck(
  question: CheckQuestion,
  answer: { allowed: boolean; grants: readonly GrantFact[] },
  names: Names,
): CheckExplanation {
  const scope = names.scope(question.scopeId);
  if (!answer.allowed) {
    return {
      allowed: false,
      verdict: `Denied: ${question.subjectId} does not hold “${question.permission}” in ${scope}.`,
      reasons: [
        `No role of ${question.subjectId} in ${scope}, or in an ancestor it inherits from, has a permission matching “${question.permission}”. Inheritance stops at the nearest scope whose type defines its own roles.`,
      ],
    };
  }
  return {
    allowed: true,
    verdict: `Allowed: ${question.subjectId} holds “${question.permission}” in ${scope}.`,
    reasons: answer.grants.map(
      (grant) =>
        `Its membership in ${names.scope(grant.scopeId)}, ${levelsAbove(grant.distance)}, gives it the role ${names.role(grant.roleId)}, whose permission “${grant.permission}” matches.`,
    ),
  };
}
