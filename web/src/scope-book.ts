import type { Role, Scope, ScopeType } from "../../gen/ts/latchkey/scope/v1/scope_pb.js";
import type { Api } from "./api.js";
import { type Names, named } from "./scope-words.js";

/**
 * ScopeBook remembers the scopes, types and roles the page has read, so the
 * views can show names instead of bare ids and walk up the tree without
 * asking the server again for what it already sent.
 */
export class ScopeBook {
  readonly scopes = new Map<string, Scope>();
  readonly types = new Map<string, ScopeType>();
  readonly roles = new Map<string, Role>();

  constructor(readonly api: Api) {}

  /** scope returns a scope, read with GetScope unless already known. */
  async scope(id: string): Promise<Scope> {
    const known = this.scopes.get(id);
    if (known !== undefined) return known;
    const { scope } = await this.api.scopes.getScope({ id });
    if (scope === undefined) throw new Error(`GetScope returned no scope for ${id}`);
    this.scopes.set(id, scope);
    return scope;
  }

  /** ancestors returns the scope's ancestors, root first (at most 15: the tree is at most 16 deep). */
  async ancestors(scope: Scope): Promise<Scope[]> {
    const path: Scope[] = [];
    for (let parent = scope.parentScopeId; parent !== undefined; parent = path[0]?.parentScopeId) {
      path.unshift(await this.scope(parent));
    }
    return path;
  }

  /** learnRoles reads every role the server names by id, so `names` can show them; unknown ids stay ids. */
  async learnRoles(ids: readonly string[]): Promise<void> {
    await Promise.all(
      ids
        .filter((id) => !this.roles.has(id))
        .map(async (id) => {
          const { role } = await this.api.scopes.getRole({ id });
          if (role !== undefined) this.roles.set(id, role);
        }),
    );
  }

  /** typeName is a type's name, or its id before the types are loaded. */
  typeName(id: string): string {
    return this.types.get(id)?.name ?? id;
  }

  /** names shows the scopes and roles the book knows as "name (id)". */
  readonly names: Names = {
    scope: (id) => named(this.scopes.get(id)?.name, id),
    role: (id) => named(this.roles.get(id)?.name, id),
  };
}
