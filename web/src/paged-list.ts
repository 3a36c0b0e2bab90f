import { h } from "./dom.js";
import { describeError } from "./errors.js";

/** Page is one page of a list RPC: its items and the token for the next page ("" on the last). */
export type Page<T> = { items: T[]; next: string };

/** PagedList is a list the server sends a page at a time. */
export type PagedList = {
  element: HTMLElement;
  /** reload reads the first page again, replacing what is shown. */
  reload(): Promise<void>;
};

/**
 * pagedList shows a list read with AIP-158 pagination: the first page, then a
 * "Load more" button while the server has more. `fetchPage("")` reads the
 * first page. Failures are shown in the list's own alert, not thrown.
 */
export function pagedList<T>(
  label: string,
  fetchPage: (token: string) => Promise<Page<T>>,
  row: (item: T) => HTMLLIElement,
  empty: string,
): PagedList {
  const list = h("ul", { class: "plain-list", "aria-label": label, tabindex: -1 });
  const note = h("p", { class: "muted" });
  const failure = h("p", { class: "form-error", role: "alert", hidden: true });
  const more = h("button", { type: "button", class: "secondary", hidden: true }, `Load more ${label.toLowerCase()}`);
  let next = "";
  let generation = 0;

  async function load(token: string): Promise<void> {
    const mine = generation;
    more.disabled = true;
    try {
      const page = await fetchPage(token);
      if (mine !== generation) return;
      list.append(...page.items.map(row));
      next = page.next;
      failure.hidden = true;
    } catch (error) {
      if (mine !== generation) return;
      failure.textContent = `Could not list ${label.toLowerCase()}: ${describeError(error).message}`;
      failure.hidden = false;
    } finally {
      more.disabled = false;
    }
    more.hidden = next === "";
    note.textContent = list.childElementCount === 0 ? empty : "";
    note.hidden = note.textContent === "";
  }

  more.addEventListener("click", () => {
    // On the last page the button hides: keep keyboard focus in the list rather than lose it.
    void load(next).then(() => {
      if (more.hidden) list.focus();
    });
  });

  return {
    element: h("div", { class: "paged-list" }, list, note, failure, more),
    reload() {
      generation += 1;
      list.replaceChildren();
      note.textContent = "Loading…";
      note.hidden = false;
      return load("");
    },
  };
}
