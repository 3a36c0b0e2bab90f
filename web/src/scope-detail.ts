import type { Membership, Role, Scope } from "../../gen/ts/latchkey/scope/v1/scope_pb.js";
import { h } from "./dom.js";
import { describeError } from "./errors.js";
import { pagedList } from "./paged-list.js";
import type { ScopeBook } from "./scope-book.js";
import { rolesBlock, scopeForm } from "./scope-forms.js";
import type { ScopeTree } from "./scope-tree.js";
import { announce, errorBox, field, section, showProblem, submitForm, uid } from "./ui.js";

/** ScopeDetailPage is what the scope details need from the page around them. */
export type ScopeDetailPage = {
  book: ScopeBook;
  tree: ScopeTree;
  /** typeSelect makes a select of the loaded scope types, kept current as types are created. */
  typeSelect(): HTMLSelectElement;
  /** checkHere puts the scope into the permission check form and moves focus there. */
  checkHere(scopeId: string): void;
};

/**
 * scopeDetail renders one scope into `into`: its facts (id, type, external
 * id, parent path), its members with their roles (add, remove), the roles
 * defined at it, and a form for a child scope. `focus` moves keyboard focus
 * to the pane (when the operator picked the scope).
 */
export async function scopeDetail(page: ScopeDetailPage, scope: Scope, into: HTMLElement, focus: boolean) {
  into.setAttribute("aria-busy", "true");
  let ancestors: Scope[];
  try {
    ancestors = await page.book.ancestors(scope);
  } catch (error) {
    into.replaceChildren(h("p", { class: "form-error", role: "alert" }, describeError(error).message));
    return;
  } finally {
    into.removeAttribute("aria-busy");
  }
  const members = membersSection(page.book, scope, ancestors);
  const roles = rolesBlock(page.book, scope.id, members.rolesChanged);
  void roles.list.reload();
  into.replaceChildren(
    h("h2", {}, scope.name),
    h(
      "dl",
      { class: "facts" },
      h("dt", {}, "Id"),
      h("dd", {}, h("code", {}, scope.id)),
      h("dt", {}, "Type"),
      h("dd", {}, `${page.book.typeName(scope.typeId)} `, h("code", {}, scope.typeId)),
      h("dt", {}, "External id"),
      h("dd", {}, scope.externalId === undefined ? "none" : h("code", {}, scope.externalId)),
      h("dt", {}, "Parent path"),
      h(
        "dd",
        { class: "scope-path" },
        ancestors.length === 0 ? "none: a root scope" : ancestors.map((ancestor) => ancestor.name).join(" › "),
      ),
    ),
    h(
      "button",
      { type: "button", class: "secondary", onclick: () => page.checkHere(scope.id) },
      "Check a permission here",
    ),
    members.element,
    section(
      "Roles defined here",
      h("p", { class: "muted" }, "Usable in this scope and below it only."),
      roles.list.element,
      roles.form,
    ),
    section(
      "New child scope",
      scopeForm(page.book, scope.id, page.typeSelect(), async (child) => {
        await page.tree.childAdded(scope.id);
        page.tree.select(child, true);
      }),
    ),
  );
  if (focus) into.focus();
}

/** usableRoles are the roles a membership in `scope` may hold: the instance's and those defined at it or above. */
async function usableRoles(book: ScopeBook, scope: Scope, ancestors: readonly Scope[]): Promise<Role[]> {
  const path = new Set([scope.id, ...ancestors.map((ancestor) => ancestor.id)]);
  const { roles } = await book.api.scopes.listRoles({ pageSize: 1000 });
  for (const role of roles) book.roles.set(role.id, role);
  return roles.filter((role) => role.scopeId === undefined || path.has(role.scopeId));
}

/** membersSection lists the scope's members and adds them; `rolesChanged` offers roles created since. */
function membersSection(
  book: ScopeBook,
  scope: Scope,
  ancestors: readonly Scope[],
): { element: HTMLElement; rolesChanged: () => void } {
  const members = pagedList<Membership>(
    "Members",
    async (token) => {
      const page = await book.api.scopes.listMemberships({ scopeId: scope.id, pageSize: 100, pageToken: token });
      await book.learnRoles(page.memberships.flatMap((membership) => membership.roleIds));
      return { items: page.memberships, next: page.nextPageToken };
    },
    (membership) => {
      const remove = h(
        "button",
        { type: "button", class: "secondary", "aria-label": `Remove ${membership.subjectId} from ${scope.name}` },
        "Remove",
      );
      const row = h(
        "li",
        { class: "item-row" },
        h("code", {}, membership.subjectId),
        h(
          "span",
          { class: "item-meta" },
          membership.roleIds.length === 0
            ? "no roles"
            : `roles: ${membership.roleIds.map((id) => book.names.role(id)).join(", ")}`,
        ),
        remove,
      );
      remove.addEventListener("click", () => {
        remove.disabled = true;
        book.api.scopes.deleteMembership({ scopeId: scope.id, subjectId: membership.subjectId }).then(
          () => {
            announce(`Removed ${membership.subjectId} from ${scope.name}.`);
            void members.reload().then(() => members.element.querySelector("ul")?.focus());
          },
          (error: unknown) => {
            remove.disabled = false;
            announce(`Could not remove: ${describeError(error).message}`);
          },
        );
      });
      return row;
    },
    "No members yet.",
  );
  void members.reload();

  const subject = h("input", {
    name: "subject_id",
    "data-field": "subject_id",
    required: true,
    autocomplete: "off",
    spellcheck: "false",
    placeholder: "subject_… or mch_…",
  });
  const legendId = uid("legend");
  const roleBoxes = h("fieldset", { class: "role-choices", "data-field": "role_ids", "aria-labelledby": legendId });
  const form = h(
    "form",
    { class: "stack-form" },
    field("Subject id", subject, "A subject's id, or a machine's id (mch_…) as it is."),
    roleBoxes,
    errorBox(),
    h("button", { type: "submit" }, "Add member"),
  );
  const roleChoice = (role: Role) => {
    const box = h("input", { type: "checkbox", name: "role_ids", value: role.id, id: uid("role") });
    return h(
      "div",
      { class: "check" },
      box,
      h("label", { for: box.id }, role.name, h("span", { class: "muted" }, ` (${role.permissions.join(", ")})`)),
    );
  };
  /** fillRoles offers the usable roles as checkboxes; the fieldset is aria-busy until they are in. */
  const fillRoles = async () => {
    roleBoxes.setAttribute("aria-busy", "true");
    try {
      const roles = await usableRoles(book, scope, ancestors);
      roleBoxes.replaceChildren(
        h("legend", { id: legendId }, "Roles"),
        ...(roles.length === 0
          ? [h("p", { class: "muted" }, "No role is usable here yet: create one below or for the whole instance.")]
          : roles.map(roleChoice)),
      );
    } catch (error) {
      showProblem(form, error);
    } finally {
      roleBoxes.removeAttribute("aria-busy");
    }
  };
  roleBoxes.append(h("legend", { id: legendId }, "Roles"), h("p", { class: "muted" }, "Loading roles…"));
  void fillRoles();
  submitForm(form, "Adding…", async () => {
    const roleIds = [...roleBoxes.querySelectorAll<HTMLInputElement>("input:checked")].map((box) => box.value);
    await book.api.scopes.createMembership({ scopeId: scope.id, subjectId: subject.value.trim(), roleIds });
    announce(`Added ${subject.value.trim()} to ${scope.name}.`);
    subject.value = "";
    for (const box of roleBoxes.querySelectorAll<HTMLInputElement>("input:checked")) box.checked = false;
    await members.reload();
  });
  return {
    element: section("Members", members.element, h("h4", {}, "Add a member"), form),
    rolesChanged: () => void fillRoles(),
  };
}
