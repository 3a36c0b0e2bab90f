import {
  PermissionMode,
  type Scope,
  type ScopeType,
  type Subject,
  SubjectKind,
} from "../../gen/ts/latchkey/scope/v1/scope_pb.js";
import type { Api } from "./api.js";
import { h } from "./dom.js";
import { pagedList } from "./paged-list.js";
import { ScopeBook } from "./scope-book.js";
import { checkForm } from "./scope-check.js";
import { type ScopeDetailPage, scopeDetail } from "./scope-detail.js";
import { rolesBlock, scopeForm } from "./scope-forms.js";
import { ScopeTree } from "./scope-tree.js";
import { announce, errorBox, field, submitForm, uid } from "./ui.js";

const MODES: [PermissionMode, string][] = [
  [PermissionMode.INHERIT, "Inherit: roles held above apply here"],
  [PermissionMode.DEFINE, "Define: only roles held here and below (a boundary)"],
];

const KINDS: [SubjectKind, string][] = [
  [SubjectKind.USER, "User"],
  [SubjectKind.AGENT, "Agent"],
  [SubjectKind.SERVICE, "Service"],
];

/** card is a titled card of the scopes page. */
function card(title: string, className: string, ...children: (Node | string)[]): HTMLElement {
  const id = uid("title");
  return h("section", { class: `card ${className}`, "aria-labelledby": id }, h("h2", { id }, title), ...children);
}

/**
 * scopesView is the ScopeService console: scope types, the scope tree with
 * the selected scope's details (members, roles, children), subjects,
 * instance-wide roles, and a permission check that explains its answer.
 */
export function scopesView(api: Api): HTMLElement {
  const book = new ScopeBook(api);
  let selected: Scope | undefined;

  // Type selects in the scope forms follow the list of types as it grows.
  const typeSelects = new Set<HTMLSelectElement>();
  const fillTypes = (select: HTMLSelectElement) => {
    const value = select.value;
    select.replaceChildren(
      ...[...book.types.values()].map((type) => h("option", { value: type.id }, `${type.name} (${type.id})`)),
    );
    if (book.types.has(value)) select.value = value;
  };
  const typeSelect = () => {
    const select = h("select", { name: "type_id" });
    fillTypes(select);
    typeSelects.add(select);
    return select;
  };
  const typesChanged = () => {
    for (const select of typeSelects) {
      if (select.isConnected) fillTypes(select);
      else typeSelects.delete(select);
    }
  };

  // Scope types.
  const types = pagedList<ScopeType>(
    "Scope types",
    async (token) => {
      if (token === "") book.types.clear();
      const page = await api.scopes.listScopeTypes({ pageSize: 100, pageToken: token });
      for (const type of page.scopeTypes) book.types.set(type.id, type);
      typesChanged();
      return { items: page.scopeTypes, next: page.nextPageToken };
    },
    (type) =>
      h(
        "li",
        { class: "item-row" },
        h("span", { class: "row-name" }, type.name),
        h("code", {}, type.id),
        h("span", { class: "item-meta" }, type.permissionMode === PermissionMode.DEFINE ? "defines" : "inherits"),
      ),
    "No scope types yet: create one to start the tree.",
  );
  const typeName = h("input", { name: "name", "data-field": "name", required: true, maxlength: 255 });
  const typeMode = h(
    "select",
    { name: "permission_mode", "data-field": "permission_mode" },
    ...MODES.map(([value, label]) => h("option", { value }, label)),
  );
  const typeForm = h(
    "form",
    { class: "stack-form" },
    field("Type name", typeName),
    field("Permission mode", typeMode),
    errorBox(),
    h("button", { type: "submit" }, "Create type"),
  );
  submitForm(typeForm, "Creating…", async () => {
    const { scopeType } = await api.scopes.createScopeType({
      name: typeName.value,
      permissionMode: Number(typeMode.value) as PermissionMode,
    });
    typeName.value = "";
    announce(`Created scope type ${scopeType?.name}.`);
    await types.reload();
  });

  // The tree, its root form, and the selected scope's details.
  const treeStatus = h("p", { class: "muted", role: "status" });
  const detail = h(
    "section",
    { class: "detail card", "aria-label": "Scope details", tabindex: -1 },
    h("p", { class: "muted" }, "Select a scope to see its members and roles."),
  );
  const check = checkForm(book);
  const tree = new ScopeTree(book, treeStatus, (scope) => {
    // Focus stays in the tree, so the reader can keep browsing; the details follow the selection.
    selected = scope;
    announce(`Showing scope ${scope.name}.`);
    void scopeDetail(page, scope, detail, false);
  });
  const page: ScopeDetailPage = { book, tree, typeSelect, checkHere: check.ask };
  const rootForm = scopeForm(book, undefined, typeSelect(), async (scope) => {
    await tree.reload();
    tree.select(scope, true);
  });

  // Subjects.
  const subjects = pagedList<Subject>(
    "Subjects",
    async (token) => {
      const page = await api.scopes.listSubjects({ pageSize: 100, pageToken: token });
      return { items: page.subjects, next: page.nextPageToken };
    },
    (subject) =>
      h(
        "li",
        { class: "item-row" },
        h("span", { class: "row-name" }, subject.displayName || "(no name)"),
        h("code", {}, subject.id),
        h("span", { class: "item-meta" }, KINDS.find(([kind]) => kind === subject.kind)?.[1] ?? "Unknown kind"),
      ),
    "No subjects yet. Machines (mch_…) are subjects without being created here.",
  );
  const subjectName = h("input", { name: "display_name", "data-field": "display_name", maxlength: 255 });
  const subjectKind = h(
    "select",
    { name: "kind", "data-field": "kind" },
    ...KINDS.map(([value, label]) => h("option", { value }, label)),
  );
  const subjectExternal = h("input", { name: "external_id", "data-field": "external_id", maxlength: 255 });
  const subjectForm = h(
    "form",
    { class: "stack-form" },
    field("Display name", subjectName),
    field("Kind", subjectKind),
    field("External id (optional)", subjectExternal, "The subject's id in your own system; unique."),
    errorBox(),
    h("button", { type: "submit" }, "Create subject"),
  );
  submitForm(subjectForm, "Creating…", async () => {
    const { subject } = await api.scopes.createSubject({
      displayName: subjectName.value,
      kind: Number(subjectKind.value) as SubjectKind,
      ...(subjectExternal.value.trim() === "" ? {} : { externalId: subjectExternal.value.trim() }),
    });
    subjectName.value = "";
    subjectExternal.value = "";
    announce(`Created subject ${subject?.id}.`);
    await subjects.reload();
  });

  // Roles of the whole instance; a new one is offered at once in the selected scope's member form.
  const roles = rolesBlock(book, undefined, () => {
    if (selected !== undefined) void scopeDetail(page, selected, detail, false);
  });

  void types.reload().then(() => tree.reload());
  void subjects.reload();
  void roles.list.reload();

  return h(
    "div",
    { class: "scopes-page" },
    h(
      "div",
      { class: "pane" },
      card("Scope types", "types", types.element, typeForm),
      card(
        "Scope tree",
        "tree-card",
        rootForm,
        treeStatus,
        h("p", { class: "hint" }, "Arrow keys move, Right opens a scope's children, Enter selects."),
        tree.element,
      ),
    ),
    h(
      "div",
      { class: "pane" },
      detail,
      check.element,
      card("Subjects", "subjects", subjects.element, subjectForm),
      card("Roles", "roles", roles.list.element, roles.form),
    ),
  );
}
