import { timestampDate } from "@bufbuild/protobuf/wkt";
import type { Machine } from "../../gen/ts/latchkey/machine/v1/machine_pb.js";
import { MachineOrder } from "../../gen/ts/latchkey/machine/v1/machine_service_pb.js";
import type { Api } from "./api.js";
import { countText, formatTime, h } from "./dom.js";
import { describeError } from "./errors.js";
import { machineDetail } from "./machine-detail.js";
import { announce, busy, clearProblem, errorBox, field, secretReveal, showProblem, uid } from "./ui.js";
import { VirtualList } from "./virtual-list.js";

/** ROW_HEIGHT is the fixed height of one machine row, in CSS pixels. */
const ROW_HEIGHT = 52;

const ORDERS: [MachineOrder, string][] = [
  [MachineOrder.CREATE_TIME_DESC, "Newest first"],
  [MachineOrder.CREATE_TIME_ASC, "Oldest first"],
  [MachineOrder.NAME_ASC, "Name A–Z"],
  [MachineOrder.NAME_DESC, "Name Z–A"],
];

/**
 * MachineDirectory is what the list knows: the machines streamed so far, so
 * the detail view can draw callers and resolve names typed into scope forms.
 */
export type MachineDirectory = {
  loaded(): readonly Machine[];
  /** reload restarts the stream in the background, keeping the rows in view until it has finished. */
  reload(): void;
  /** update replaces a loaded machine with a fresher copy (after a change) without a new stream. */
  update(machine: Machine): void;
  /** remove drops a deleted machine from the list. */
  remove(id: string): void;
  /** select shows one machine's details (undefined: none) and, unless `focus` is false, moves focus there. */
  select(id: string | undefined, focus?: boolean): void;
};

/**
 * machinesView is the operator's main page: create a machine, the live list
 * streamed from ListMachines (search, order, progress, virtualized), and the
 * selected machine's details.
 */
export function machinesView(api: Api): HTMLElement {
  let machines: Machine[] = [];
  let selectedId: string | undefined;
  let stream: AbortController | undefined;

  // Create.
  const nameInput = h("input", {
    name: "name",
    "data-field": "name",
    required: true,
    maxlength: 255,
    autocomplete: "off",
  });
  const createTitle = uid("title");
  const reveal = h("div", { class: "reveal-slot" });
  const createForm = h(
    "form",
    { class: "card create", "aria-labelledby": createTitle },
    h("h2", { id: createTitle }, "New machine"),
    h("div", { class: "inline" }, field("Name", nameInput), h("button", { type: "submit" }, "Create machine")),
    errorBox(),
  );
  createForm.addEventListener("submit", (event) => {
    event.preventDefault();
    clearProblem(createForm);
    const name = nameInput.value;
    busy(createForm, "Creating…", async () => {
      const { machine, secretKey } = await api.machines.createMachine({ name });
      nameInput.value = "";
      reveal.replaceChildren(
        secretReveal(
          `Secret key of ${machine?.name ?? name}`,
          secretKey,
          "Copy it now and store it where the machine can read it: it is not shown again here (rotate the key if it is lost).",
        ),
      );
      announce(`Created machine ${machine?.name ?? name}. Copy its secret key now.`);
      // Keyboard focus goes to the key, which is shown only now, not to the details.
      reveal.querySelector("button")?.focus();
      directory.select(machine?.id, false);
      directory.reload();
    }).catch((error: unknown) => showProblem(createForm, error));
  });

  // List toolbar.
  const search = h("input", {
    type: "search",
    name: "query",
    "data-field": "query",
    placeholder: "name or exact id",
    autocomplete: "off",
  });
  const order = h(
    "select",
    { name: "order_by", "data-field": "order_by" },
    ...ORDERS.map(([value, label]) => h("option", { value }, label)),
  );
  const progress = h("progress", { class: "load-progress", "aria-label": "Machines loaded" });
  const countLine = h("p", { class: "count", role: "status" }, "Loading…");
  const listTitle = uid("title");
  const toolbar = h(
    "form",
    { class: "toolbar", role: "search", "aria-labelledby": listTitle },
    field("Search", search),
    field("Order", order),
    errorBox(),
  );
  toolbar.addEventListener("submit", (event) => {
    event.preventDefault();
    load();
  });
  let debounce = 0;
  search.addEventListener("input", () => {
    clearTimeout(debounce);
    debounce = window.setTimeout(() => load(), 250);
  });
  order.addEventListener("change", () => load());

  const viewport = h("div", { class: "viewport", tabindex: -1 });
  const list = new VirtualList<Machine>(
    viewport,
    ROW_HEIGHT,
    (machine, index, count) =>
      h(
        "li",
        { "aria-setsize": count, "aria-posinset": index + 1 },
        h(
          "button",
          {
            type: "button",
            class: machine.id === selectedId ? "row selected" : "row",
            "aria-current": machine.id === selectedId ? "true" : undefined,
            onclick: () => directory.select(machine.id),
          },
          h("span", { class: "row-name" }, machine.name),
          h(
            "span",
            { class: "row-meta" },
            `${machine.id} · calls ${machine.scopedMachines.length} · ${formatTime(machine.createTime && timestampDate(machine.createTime))}`,
          ),
        ),
      ),
    "Machines",
  );

  /** showCount writes how many machines the list holds; `data-loaded` lets tests wait for it. */
  function showCount(count: number, how: string): void {
    countLine.textContent =
      count === 0
        ? search.value === ""
          ? "No machines yet: create the first one above."
          : "No machine matches."
        : `${countText(count)} machine${count === 1 ? "" : "s"}${how}`;
    countLine.dataset.loaded = String(count);
  }

  /**
   * load (re)starts the ListMachines stream. A new search or order renders each
   * batch as it arrives; a `quiet` reload after a change keeps the current rows
   * (and scroll position) until the new list is complete.
   */
  function load(quiet = false): void {
    stream?.abort();
    const controller = new AbortController();
    stream = controller;
    clearProblem(toolbar);
    const loaded: Machine[] = [];
    const show = () => {
      machines = loaded;
      list.setItems(loaded);
    };
    if (!quiet) {
      show();
      delete countLine.dataset.loaded;
    }
    progress.hidden = false;
    progress.removeAttribute("value");
    countLine.textContent = "Loading…";
    const started = performance.now();
    (async () => {
      let total = 0;
      for await (const batch of api.machines.listMachines(
        { query: search.value, orderBy: Number(order.value) as MachineOrder },
        { signal: controller.signal },
      )) {
        loaded.push(...batch.machines);
        total = Number(batch.totalCount);
        if (!quiet) list.setItems(loaded);
        progress.max = Math.max(total, 1);
        progress.value = loaded.length;
        countLine.textContent = `Loading… ${countText(loaded.length)} of ${countText(total)}`;
      }
      if (quiet) show();
      progress.hidden = true;
      showCount(loaded.length, ` (streamed in ${((performance.now() - started) / 1000).toFixed(1)} s)`);
    })().catch((error: unknown) => {
      if (controller.signal.aborted) return;
      progress.hidden = true;
      countLine.textContent = `Could not list machines: ${describeError(error).message}`;
      showProblem(toolbar, error);
    });
  }

  const detail = h(
    "section",
    { class: "detail card", "aria-label": "Machine details", tabindex: -1 },
    h("p", { class: "muted" }, "Select a machine to see its keys, scopes and tokens."),
  );

  const directory: MachineDirectory = {
    loaded: () => machines,
    reload: () => load(true),
    update(machine) {
      const index = machines.findIndex((loaded) => loaded.id === machine.id);
      if (index === -1) return;
      machines[index] = machine;
      list.render();
    },
    remove(id) {
      machines = machines.filter((loaded) => loaded.id !== id);
      list.setItems(machines);
      showCount(machines.length, "");
    },
    select(id, focus = true) {
      selectedId = id;
      list.render();
      if (id === undefined) {
        detail.replaceChildren(h("p", { class: "muted" }, "Select a machine to see its keys, scopes and tokens."));
        return;
      }
      void machineDetail(api, id, detail, directory, focus);
    },
  };

  load();
  return h(
    "div",
    { class: "machines" },
    h(
      "div",
      { class: "list-pane" },
      createForm,
      reveal,
      h(
        "section",
        { class: "card list", "aria-labelledby": listTitle },
        h("h2", { id: listTitle }, "Machines"),
        toolbar,
        progress,
        countLine,
        viewport,
      ),
    ),
    detail,
  );
}
