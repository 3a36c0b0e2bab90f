import type { Scope } from "../../gen/ts/latchkey/scope/v1/scope_pb.js";
import { h } from "./dom.js";
import { describeError } from "./errors.js";
import type { ScopeBook } from "./scope-book.js";
import { announce, uid } from "./ui.js";

/** PAGE_SIZE is how many scopes one level shows before a "Load more" item. */
const PAGE_SIZE = 50;

/**
 * ScopeTree is the instance's scope tree as a WAI-ARIA tree view: roots
 * first, each scope's children read with ListScopes (by parent, a page at a
 * time) only when it is expanded. One item is in the tab order; arrow keys
 * move, Right/Left expand and collapse, Enter or Space selects, Home/End jump.
 */
export class ScopeTree {
  readonly element: HTMLUListElement;
  readonly #book: ScopeBook;
  readonly #onSelect: (scope: Scope) => void;
  readonly #status: HTMLElement;
  #selectedId: string | undefined;
  /** The "Load more scopes…" items and what activating each does. */
  readonly #activators = new WeakMap<HTMLElement, () => Promise<void>>();

  constructor(book: ScopeBook, status: HTMLElement, onSelect: (scope: Scope) => void) {
    this.#book = book;
    this.#status = status;
    this.#onSelect = onSelect;
    this.element = h("ul", { class: "tree", role: "tree", "aria-label": "Scopes" });
    this.element.addEventListener("keydown", (event) => this.#onKey(event));
  }

  /** reload reads the root scopes again, collapsing the tree. */
  async reload(): Promise<void> {
    this.element.replaceChildren();
    this.#status.textContent = "Loading scopes…";
    const count = await this.#loadPage(this.element, undefined, 1, "");
    if (count !== undefined) this.#status.textContent = count === 0 ? "No scopes yet: create a root scope above." : "";
    this.#ensureTabStop();
  }

  /** childAdded shows a new child: the parent's children are read again and the parent is expanded. */
  async childAdded(parentId: string): Promise<void> {
    const parent = this.#item(parentId);
    if (parent === null) return;
    parent.querySelector(":scope > [role=group]")?.remove();
    parent.setAttribute("aria-expanded", "false");
    await this.#expand(parent);
  }

  /** select marks a scope selected and tells the page; `focus` moves keyboard focus to its item. */
  select(scope: Scope, focus = false): void {
    this.#selectedId = scope.id;
    for (const item of this.element.querySelectorAll<HTMLElement>("[role=treeitem][aria-selected]")) {
      item.setAttribute("aria-selected", String(item.dataset.scopeId === scope.id));
    }
    const item = this.#item(scope.id);
    if (item !== null && focus) this.#focus(item);
    this.#onSelect(scope);
  }

  #item(scopeId: string): HTMLElement | null {
    return this.element.querySelector<HTMLElement>(`[role=treeitem][data-scope-id="${CSS.escape(scopeId)}"]`);
  }

  /**
   * #loadPage appends one page of children of `parentId` (roots when undefined) to `container`
   * and returns how many; undefined when the call failed (the status line says why).
   */
  async #loadPage(
    container: HTMLElement,
    parentId: string | undefined,
    level: number,
    token: string,
  ): Promise<number | undefined> {
    container.querySelector(":scope > .tree-more")?.remove();
    let page: { scopes: Scope[]; nextPageToken: string };
    try {
      page = await this.#book.api.scopes.listScopes(
        parentId === undefined
          ? { rootsOnly: true, pageSize: PAGE_SIZE, pageToken: token }
          : { parentScopeId: parentId, pageSize: PAGE_SIZE, pageToken: token },
      );
    } catch (error) {
      this.#status.textContent = `Could not list scopes: ${describeError(error).message}`;
      return undefined;
    }
    for (const scope of page.scopes) {
      this.#book.scopes.set(scope.id, scope);
      container.append(this.#scopeItem(scope, level));
    }
    if (page.nextPageToken !== "") container.append(this.#moreItem(container, parentId, level, page.nextPageToken));
    return page.scopes.length;
  }

  #scopeItem(scope: Scope, level: number): HTMLLIElement {
    const labelId = uid("tree");
    const item = h(
      "li",
      {
        role: "treeitem",
        "aria-level": level,
        "aria-expanded": "false",
        "aria-selected": String(scope.id === this.#selectedId),
        "aria-labelledby": labelId,
        tabindex: -1,
        "data-scope-id": scope.id,
      },
      h(
        "div",
        { class: "tree-row", id: labelId },
        h("span", { class: "twisty", "aria-hidden": "true" }),
        h("span", { class: "tree-name" }, scope.name),
        h("span", { class: "tree-meta" }, ` ${this.#book.typeName(scope.typeId)}`),
      ),
    );
    item.querySelector(".twisty")?.addEventListener("click", (event) => {
      event.stopPropagation();
      this.#focus(item);
      void this.#toggle(item);
    });
    item.querySelector(".tree-row")?.addEventListener("click", () => this.select(scope, true));
    return item;
  }

  /** #moreItem is the treeitem that reads the next page of its level when activated. */
  #moreItem(container: HTMLElement, parentId: string | undefined, level: number, token: string): HTMLLIElement {
    const item = h(
      "li",
      { role: "treeitem", class: "tree-more", "aria-level": level, tabindex: -1 },
      h("div", { class: "tree-row" }, "Load more scopes…"),
    );
    const activate = async () => {
      const before = container.querySelectorAll(":scope > [role=treeitem]").length - 1;
      const wasFocused = document.activeElement === item;
      await this.#loadPage(container, parentId, level, token);
      const first = container.querySelectorAll<HTMLElement>(":scope > [role=treeitem]")[before];
      if (wasFocused && first !== undefined) this.#focus(first);
    };
    item.addEventListener("click", () => void activate());
    this.#activators.set(item, activate);
    return item;
  }

  async #toggle(item: HTMLElement): Promise<void> {
    if (item.getAttribute("aria-expanded") === "true") this.#collapse(item);
    else await this.#expand(item);
  }

  async #expand(item: HTMLElement): Promise<void> {
    if (item.getAttribute("aria-expanded") !== "false") return;
    let group = item.querySelector<HTMLElement>(":scope > [role=group]");
    if (group === null) {
      const scopeId = item.dataset.scopeId as string;
      group = h("ul", { role: "group" });
      item.append(group);
      item.setAttribute("aria-busy", "true");
      const count = await this.#loadPage(group, scopeId, Number(item.getAttribute("aria-level")) + 1, "");
      item.removeAttribute("aria-busy");
      if (count === undefined) {
        // Stay collapsed, so opening it again retries.
        group.remove();
        return;
      }
      if (count === 0) {
        // A leaf: no expanded state at all, as the tree pattern asks.
        group.remove();
        item.removeAttribute("aria-expanded");
        announce(`${this.#book.scopes.get(scopeId)?.name ?? scopeId} has no child scopes.`);
        return;
      }
    }
    group.hidden = false;
    item.setAttribute("aria-expanded", "true");
  }

  #collapse(item: HTMLElement): void {
    const group = item.querySelector<HTMLElement>(":scope > [role=group]");
    if (group !== null) group.hidden = true;
    item.setAttribute("aria-expanded", "false");
  }

  /** #visible lists the items a reader can reach: those not inside a collapsed group. */
  #visible(): HTMLElement[] {
    return [...this.element.querySelectorAll<HTMLElement>("[role=treeitem]")].filter(
      (item) => item.parentElement?.closest("[hidden]") === null,
    );
  }

  #focus(item: HTMLElement): void {
    for (const other of this.element.querySelectorAll<HTMLElement>("[role=treeitem][tabindex='0']")) {
      other.tabIndex = -1;
    }
    item.tabIndex = 0;
    item.focus();
  }

  #ensureTabStop(): void {
    if (this.element.querySelector("[role=treeitem][tabindex='0']") !== null) return;
    const first = this.element.querySelector<HTMLElement>("[role=treeitem]");
    if (first !== null) first.tabIndex = 0;
  }

  #onKey(event: KeyboardEvent): void {
    const item = (event.target as HTMLElement).closest<HTMLElement>("[role=treeitem]");
    if (item === null) return;
    const visible = this.#visible();
    const index = visible.indexOf(item);
    const move = (target: HTMLElement | undefined) => {
      if (target !== undefined) this.#focus(target);
    };
    switch (event.key) {
      case "ArrowDown":
        move(visible[index + 1]);
        break;
      case "ArrowUp":
        move(visible[index - 1]);
        break;
      case "Home":
        move(visible[0]);
        break;
      case "End":
        move(visible.at(-1));
        break;
      case "ArrowRight":
        if (item.getAttribute("aria-expanded") === "false") void this.#expand(item);
        else if (item.getAttribute("aria-expanded") === "true")
          move(item.querySelector<HTMLElement>(":scope > [role=group] > [role=treeitem]") ?? undefined);
        break;
      case "ArrowLeft":
        if (item.getAttribute("aria-expanded") === "true") this.#collapse(item);
        else move(item.parentElement?.closest<HTMLElement>("[role=treeitem]") ?? undefined);
        break;
      case "Enter":
      case " ": {
        const activate = this.#activators.get(item);
        if (activate !== undefined) void activate();
        else {
          const scope = this.#book.scopes.get(item.dataset.scopeId as string);
          if (scope !== undefined) this.select(scope, true);
        }
        break;
      }
      default:
        return;
    }
    event.preventDefault();
  }
}
