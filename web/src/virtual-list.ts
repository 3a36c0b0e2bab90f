import { visibleRange } from "./visible-range.js";

/**
 * VirtualList renders only the rows in view of a scrolling viewport, so a list
 * of 10,000 machines costs a few dozen DOM nodes. Rows have a fixed height.
 * Arrow keys, Home and End move focus between rows (scrolling as needed).
 */
export class VirtualList<T> {
  #items: readonly T[] = [];
  readonly #spacer: HTMLElement;
  readonly #list: HTMLUListElement;
  #frame = 0;

  constructor(
    readonly viewport: HTMLElement,
    readonly rowHeight: number,
    readonly renderRow: (item: T, index: number, count: number) => HTMLLIElement,
    label: string,
  ) {
    this.#spacer = document.createElement("div");
    this.#spacer.className = "virtual-spacer";
    this.#list = document.createElement("ul");
    this.#list.className = "virtual-rows";
    this.#list.setAttribute("aria-label", label);
    this.#spacer.append(this.#list);
    viewport.append(this.#spacer);
    viewport.addEventListener("scroll", () => this.#schedule());
    new ResizeObserver(() => this.#schedule()).observe(viewport);
    this.#list.addEventListener("keydown", (event) => this.#onKey(event));
  }

  /** setItems replaces the rows (cheap: only the visible window is rebuilt). */
  setItems(items: readonly T[]): void {
    this.#items = items;
    this.#schedule();
  }

  #schedule(): void {
    if (this.#frame !== 0) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      this.render();
    });
  }

  /** render draws the rows in view now. */
  render(): void {
    const count = this.#items.length;
    this.#spacer.style.height = `${count * this.rowHeight}px`;
    const { start, end } = visibleRange(this.viewport.scrollTop, this.viewport.clientHeight, this.rowHeight, count);
    const focusedIndex = Number((document.activeElement?.closest("li") as HTMLElement | null)?.dataset.index ?? -1);
    const rows: HTMLLIElement[] = [];
    for (let index = start; index < end; index++) {
      const row = this.renderRow(this.#items[index] as T, index, count);
      row.dataset.index = String(index);
      row.style.transform = `translateY(${index * this.rowHeight}px)`;
      row.style.height = `${this.rowHeight}px`;
      rows.push(row);
    }
    this.#list.replaceChildren(...rows);
    if (focusedIndex >= start && focusedIndex < end) this.#focusRow(focusedIndex);
  }

  #focusRow(index: number): void {
    const row = this.#list.querySelector<HTMLElement>(`li[data-index="${index}"] button`);
    row?.focus({ preventScroll: true });
  }

  #onKey(event: KeyboardEvent): void {
    const current = Number((event.target as HTMLElement).closest("li")?.dataset.index ?? Number.NaN);
    if (Number.isNaN(current)) return;
    const page = Math.max(1, Math.floor(this.viewport.clientHeight / this.rowHeight) - 1);
    const targets: Record<string, number> = {
      ArrowDown: current + 1,
      ArrowUp: current - 1,
      PageDown: current + page,
      PageUp: current - page,
      Home: 0,
      End: this.#items.length - 1,
    };
    const target = targets[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const index = Math.max(0, Math.min(this.#items.length - 1, target));
    const top = index * this.rowHeight;
    if (top < this.viewport.scrollTop) this.viewport.scrollTop = top;
    else if (top + this.rowHeight > this.viewport.scrollTop + this.viewport.clientHeight) {
      this.viewport.scrollTop = top + this.rowHeight - this.viewport.clientHeight;
    }
    this.render();
    this.#focusRow(index);
  }
}
