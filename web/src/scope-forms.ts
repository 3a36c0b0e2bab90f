import type { Role, Scope } from "../../gen/ts/latchkey/scope/v1/scope_pb.js";
import { h } from "./dom.js";
import { type PagedList, pagedList } from "./paged-list.js";
import type { ScopeBook } from "./scope-book.js";
import { parsePermissions } from "./scope-words.js";
import { announce, errorBox, field, submitForm } from "./ui.js";

/**
 * scopeForm creates a scope of a chosen type: a root when `parentId` is
 * undefined, else a child of that scope. `typeSelect` is a select of the
 * loaded scope types that the page keeps current.
 */
export function scopeForm(
  book: ScopeBook,
  parentId: string | undefined,
  typeSelect: HTMLSelectElement,
  created: (scope: Scope) => Promise<void>,
): HTMLFormElement {
  const name = h("input", { name: "name", "data-field": "name", required: true, maxlength: 255, autocomplete: "off" });
  const externalId = h("input", { name: "external_id", "data-field": "external_id", maxlength: 255 });
  typeSelect.setAttribute("data-field", "type_id");
  typeSelect.required = true;
  const form = h(
    "form",
    { class: "stack-form" },
    field(parentId === undefined ? "Root scope name" : "Child scope name", name),
    field("Type", typeSelect),
    field("External id (optional)", externalId, "The scope's id in your own system; unique per type."),
    errorBox(),
    h("button", { type: "submit" }, parentId === undefined ? "Create root scope" : "Create child scope"),
  );
  submitForm(form, "Creating…", async () => {
    const { scope } = await book.api.scopes.createScope({
      name: name.value,
      typeId: typeSelect.value,
      parentScopeId: parentId ?? "",
      ...(externalId.value.trim() === "" ? {} : { externalId: externalId.value.trim() }),
    });
    if (scope === undefined) return;
    book.scopes.set(scope.id, scope);
    name.value = "";
    externalId.value = "";
    announce(`Created scope ${scope.name}.`);
    await created(scope);
  });
  return form;
}

/** roleWhere says where a role can be used. */
function roleWhere(book: ScopeBook, role: Role): string {
  return role.scopeId === undefined
    ? "the whole instance"
    : `${book.names.scope(role.scopeId)} and the scopes below it`;
}

/**
 * rolesBlock lists roles and creates them from typed permission patterns:
 * the roles defined at `scopeId`, or every role of the instance when it is
 * undefined (new ones then apply to the whole instance). `created` runs after
 * a role is made, so the page can offer it in membership forms.
 */
export function rolesBlock(
  book: ScopeBook,
  scopeId: string | undefined,
  created: (role: Role) => void,
): { list: PagedList; form: HTMLFormElement } {
  const list = pagedList<Role>(
    "Roles",
    async (token) => {
      const page = await book.api.scopes.listRoles({ scopeId: scopeId ?? "", pageSize: 100, pageToken: token });
      for (const role of page.roles) book.roles.set(role.id, role);
      return { items: page.roles, next: page.nextPageToken };
    },
    (role) =>
      h(
        "li",
        { class: "item-row" },
        h("span", { class: "row-name" }, role.name),
        h("code", {}, role.id),
        h("span", { class: "item-meta" }, `${role.permissions.join(", ")} · usable in ${roleWhere(book, role)}`),
      ),
    scopeId === undefined ? "No roles yet." : "No roles are defined at this scope.",
  );
  const name = h("input", { name: "name", "data-field": "name", required: true, maxlength: 255, autocomplete: "off" });
  const permissions = h("input", {
    name: "permissions",
    "data-field": "permissions",
    required: true,
    autocomplete: "off",
    spellcheck: "false",
    placeholder: "deploy:read, deploy:*",
  });
  const form = h(
    "form",
    { class: "stack-form" },
    field("Role name", name),
    field("Permissions", permissions, "Separate patterns with commas or spaces; * matches any run of characters."),
    errorBox(),
    h("button", { type: "submit" }, scopeId === undefined ? "Create role" : "Create role here"),
  );
  submitForm(form, "Creating…", async () => {
    const { role } = await book.api.scopes.createRole({
      name: name.value,
      permissions: parsePermissions(permissions.value),
      scopeId: scopeId ?? "",
    });
    if (role === undefined) return;
    book.roles.set(role.id, role);
    name.value = "";
    permissions.value = "";
    announce(`Created role ${role.name}.`);
    await list.reload();
    created(role);
  });
  return { list, form };
}
