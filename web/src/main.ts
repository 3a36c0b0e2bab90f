import "./style.css";
import { type Api, createApi, SERVER_URL } from "./api.js";
import { h } from "./dom.js";
import { machinesView } from "./machines-view.js";
import { scopesView } from "./scopes-view.js";
import { sessionKey, signIn, signOut } from "./session.js";
import { tokensView } from "./tokens-view.js";
import { busy, clearProblem, errorBox, field, showProblem } from "./ui.js";

const root = document.getElementById("app") as HTMLElement;

/** Routes are hash fragments so the key, kept in memory, survives navigation. */
const ROUTES: Record<string, { label: string; view: (api: Api) => HTMLElement }> = {
  "#/machines": { label: "Machines", view: machinesView },
  "#/tokens": { label: "Tokens", view: tokensView },
  "#/scopes": { label: "Scopes & roles", view: scopesView },
};

function loginView(): HTMLElement {
  const key = h("input", {
    type: "password",
    name: "key",
    "data-field": "key",
    required: true,
    autocomplete: "off",
    spellcheck: "false",
    placeholder: "sk_…",
  });
  const keep = h("input", { type: "checkbox", name: "keep", id: "keep-key" });
  const form = h(
    "form",
    { class: "card login", method: "post", "aria-labelledby": "login-title" },
    h("h1", { id: "login-title" }, "latchkey console"),
    h(
      "p",
      {},
      "Paste an instance secret key. It stays in this page's memory and is sent only to ",
      h("code", {}, SERVER_URL),
      ".",
    ),
    field("Instance secret key", key),
    h(
      "div",
      { class: "check" },
      keep,
      h("label", { for: "keep-key" }, "Keep it for this browser tab (sessionStorage, gone when the tab closes)"),
    ),
    errorBox(),
    h("button", { type: "submit" }, "Sign in"),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearProblem(form);
    const secret = key.value.trim();
    busy(form, "Checking the key…", async () => {
      // Any authenticated call proves the key; one machine is enough.
      for await (const _ of createApi(secret).machines.listMachines({ limit: 1n })) break;
      key.value = "";
      signIn(secret, keep.checked);
      if (!(location.hash in ROUTES)) location.hash = "#/machines";
      render();
    }).catch((error: unknown) => showProblem(form, error));
  });
  queueMicrotask(() => key.focus());
  return h("main", { id: "main", class: "login-page" }, form);
}

function shell(key: string): HTMLElement {
  const api = createApi(key);
  const route = ROUTES[location.hash] ?? (ROUTES["#/machines"] as (typeof ROUTES)[string]);
  const nav = h(
    "nav",
    { "aria-label": "Sections" },
    h(
      "ul",
      {},
      ...Object.entries(ROUTES).map(([hash, { label }]) =>
        h("li", {}, h("a", { href: hash, "aria-current": route === ROUTES[hash] ? "page" : undefined }, label)),
      ),
    ),
  );
  const header = h(
    "header",
    { class: "top" },
    h("a", { class: "brand", href: "#/machines" }, "latchkey"),
    nav,
    h(
      "button",
      {
        type: "button",
        class: "secondary",
        onclick: () => {
          signOut();
          render();
        },
      },
      "Sign out",
    ),
  );
  const main = h("main", { id: "main", tabindex: -1 }, route.view(api));
  return h("div", { class: "shell" }, header, main);
}

function render(): void {
  const key = sessionKey();
  root.replaceChildren(
    key === undefined ? loginView() : shell(key),
    h("div", { id: "status", class: "visually-hidden", role: "status" }),
  );
  document.title =
    key === undefined
      ? "Sign in · latchkey console"
      : `${ROUTES[location.hash]?.label ?? "Machines"} · latchkey console`;
}

window.addEventListener("hashchange", () => {
  render();
  document.getElementById("main")?.focus();
});
render();
