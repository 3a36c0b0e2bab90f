import { h } from "./dom.js";
import type { ScopeBook } from "./scope-book.js";
import { explainCheck } from "./scope-words.js";
import { errorBox, field, submitForm, uid } from "./ui.js";

/** CheckForm is the permission check card; `ask` fills in a scope and moves focus to the form. */
export type CheckForm = { element: HTMLElement; ask(scopeId: string): void };

/**
 * checkForm asks CheckPermission "may this subject do this in this scope?"
 * and shows the answer with its explanation: for an allowed check, each
 * membership that grants it, in which scope (the checked one or an ancestor)
 * and through which role and pattern.
 */
export function checkForm(book: ScopeBook): CheckForm {
  const input = (name: string, placeholder: string) =>
    h("input", { name, "data-field": name, required: true, autocomplete: "off", spellcheck: "false", placeholder });
  const subject = input("subject_id", "subject_… or mch_…");
  const scope = input("scope_id", "scope_…");
  const permission = input("permission", "deploy:write");
  const result = h("div", { class: "check-result", role: "status" });
  const titleId = uid("title");
  const form = h(
    "form",
    { class: "card check-form stack-form", "aria-labelledby": titleId },
    h("h2", { id: titleId }, "Check a permission"),
    h("p", { class: "muted" }, "May this subject do this in this scope? The answer says why."),
    field("Subject id", subject),
    field("Scope id", scope),
    field("Permission", permission),
    errorBox(),
    h("button", { type: "submit" }, "Check"),
    result,
  );
  submitForm(form, "Checking…", async () => {
    result.replaceChildren();
    const question = {
      subjectId: subject.value.trim(),
      scopeId: scope.value.trim(),
      permission: permission.value.trim(),
    };
    const answer = await book.api.scopes.checkPermission(question);
    // Name what the answer mentions: the checked scope, the grants' scopes and roles.
    await Promise.all([
      book.scope(question.scopeId),
      ...answer.grants.map((grant) => book.scope(grant.scopeId)),
      book.learnRoles(answer.grants.map((grant) => grant.roleId)),
    ]);
    const explained = explainCheck(question, answer, book.names);
    result.replaceChildren(
      h("h3", { class: explained.allowed ? "valid" : "invalid" }, explained.allowed ? "Allowed" : "Denied"),
      h("p", {}, explained.verdict),
      h("ul", { class: "reasons" }, ...explained.reasons.map((reason) => h("li", {}, reason))),
    );
  });
  return {
    element: form,
    ask(scopeId) {
      scope.value = scopeId;
      (subject.value === "" ? subject : permission).focus();
    },
  };
}
