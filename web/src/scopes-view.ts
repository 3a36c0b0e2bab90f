import { h } from "./dom.js";

/**
 * scopesView marks where the ScopeService console goes: the scope tree,
 * memberships, roles and the permission check. The service is being built on
 * main; this page is its placeholder (follow-up work of issue 8).
 */
export function scopesView(): HTMLElement {
  return h(
    "section",
    { class: "card placeholder", "data-follow-up": "scope-service", "aria-labelledby": "scopes-title" },
    h("h2", { id: "scopes-title" }, "Scopes and roles (coming)"),
    h(
      "p",
      {},
      "The hierarchical ScopeService (scope tree, memberships, roles and a permission check) is being built. ",
      "Its views will live here: a tree to browse and edit scopes, members and roles per scope, and a “can X do Y on Z?” check.",
    ),
    h("p", { class: "muted" }, "Machine-to-machine scopes (“A may call B”) are on each machine's page today."),
  );
}
