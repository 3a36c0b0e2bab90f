import type { JsonObject } from "@bufbuild/protobuf";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import type { Machine } from "../../gen/ts/latchkey/machine/v1/machine_pb.js";
import { TokenFormat } from "../../gen/ts/latchkey/token/v1/token_pb.js";
import type { Api } from "./api.js";
import { formatTime, h } from "./dom.js";
import { describeError } from "./errors.js";
import type { MachineDirectory } from "./machines-view.js";
import { scopeGraph } from "./scope-graph.js";
import { offerForVerify } from "./tokens-view.js";
import {
  announce,
  displayProblem,
  errorBox,
  field,
  secretReveal,
  section,
  showProblem,
  submitForm,
  uid,
} from "./ui.js";

/** optionalInt reads a number input: empty is undefined (the server's default applies). */
function optionalInt(input: HTMLInputElement): bigint | undefined {
  return input.value.trim() === "" ? undefined : BigInt(Math.trunc(Number(input.value)));
}

/**
 * machineDetail renders one machine into `into`: settings (rename, token
 * lifetime), key rotation, scopes with their graph, token issuing, deletion.
 * `focus` moves keyboard focus to it (when the operator picked the machine,
 * not when it is redrawn after a change made inside it).
 */
export async function machineDetail(
  api: Api,
  id: string,
  into: HTMLElement,
  directory: MachineDirectory,
  focus = false,
): Promise<void> {
  into.setAttribute("aria-busy", "true");
  let machine: Machine | undefined;
  try {
    machine = (await api.machines.getMachine({ id })).machine;
  } catch (error) {
    into.replaceChildren(h("p", { class: "form-error", role: "alert" }, describeError(error).message));
    return;
  } finally {
    into.removeAttribute("aria-busy");
  }
  if (machine === undefined) return;
  const current = machine;
  directory.update(current);
  const refresh = () => void machineDetail(api, id, into, directory);
  into.replaceChildren(
    h("h2", {}, current.name),
    h(
      "dl",
      { class: "facts" },
      h("dt", {}, "Id"),
      h("dd", {}, h("code", {}, current.id)),
      h("dt", {}, "Created"),
      h("dd", {}, formatTime(current.createTime && timestampDate(current.createTime))),
      h("dt", {}, "Default token lifetime"),
      h("dd", {}, `${current.defaultTokenTtlSeconds} s`),
    ),
    settingsSection(api, current, refresh),
    keySection(api, current),
    scopesSection(api, current, directory, refresh),
    tokenSection(api, current),
    deleteSection(api, current, directory),
  );
  if (focus) into.focus();
}

function settingsSection(api: Api, machine: Machine, refresh: () => void): HTMLElement {
  const name = h("input", { name: "name", "data-field": "name", value: machine.name, required: true, maxlength: 255 });
  const ttl = h("input", {
    type: "number",
    name: "default_token_ttl_seconds",
    "data-field": "default_token_ttl_seconds",
    value: String(machine.defaultTokenTtlSeconds),
    min: 1,
    max: 315360000,
    step: 1,
    required: true,
  });
  const form = h(
    "form",
    { class: "settings" },
    field("Name", name),
    field("Default token lifetime (seconds)", ttl),
    errorBox(),
    h("button", { type: "submit" }, "Save"),
  );
  submitForm(form, "Saving…", async () => {
    const newTtl = optionalInt(ttl);
    await api.machines.updateMachine({
      id: machine.id,
      ...(name.value === machine.name ? {} : { name: name.value }),
      ...(newTtl === machine.defaultTokenTtlSeconds ? {} : { defaultTokenTtlSeconds: newTtl }),
    });
    announce("Saved.");
    refresh();
  });
  return section("Settings", form);
}

function keySection(api: Api, machine: Machine): HTMLElement {
  const grace = h("input", {
    type: "number",
    name: "previous_key_ttl_seconds",
    "data-field": "previous_key_ttl_seconds",
    value: "3600",
    min: 0,
    max: 28800,
    step: 1,
  });
  const reveal = h("div", { class: "reveal-slot" });
  const form = h(
    "form",
    { class: "rotate" },
    field("Grace period for the old key (seconds)", grace, "0 ends the old key at once; at most 28,800 (8 hours)."),
    errorBox(),
    h("button", { type: "submit" }, "Rotate key"),
  );
  submitForm(form, "Rotating…", async () => {
    const rotated = await api.machines.rotateMachineSecretKey({
      id: machine.id,
      previousKeyTtlSeconds: optionalInt(grace),
    });
    const until = rotated.previousKeyExpireTime && timestampDate(rotated.previousKeyExpireTime);
    reveal.replaceChildren(
      secretReveal(
        `New secret key of ${machine.name}`,
        rotated.secretKey,
        until === undefined || until.getTime() <= Date.now()
          ? "The previous key has stopped working. Copy the new one now: it is not shown again here."
          : `The previous key keeps working until ${formatTime(until)}. Copy the new one now: it is not shown again here.`,
      ),
    );
    announce("Key rotated.");
  });
  return section("Secret key", form, reveal);
}

function scopesSection(api: Api, machine: Machine, directory: MachineDirectory, refresh: () => void): HTMLElement {
  const others = () => directory.loaded().filter((other) => other.id !== machine.id);
  const listId = uid("machines");
  const target = h("input", {
    name: "to_machine_id",
    "data-field": "to_machine_id",
    list: listId,
    required: true,
    autocomplete: "off",
    placeholder: "machine id or exact name",
  });
  // Suggestions come from the machines loaded in the list when the field gets focus.
  const options = h("datalist", { id: listId });
  target.addEventListener("focus", () =>
    options.replaceChildren(
      ...others()
        .slice(0, 500)
        .map((other) => h("option", { value: other.id }, other.name)),
    ),
  );
  const form = h(
    "form",
    { class: "add-scope" },
    field("Machine it may call", target),
    options,
    errorBox(),
    h("button", { type: "submit" }, "Add scope"),
  );
  submitForm(form, "Adding…", async () => {
    const typed = target.value.trim();
    const byName = others().filter((other) => other.name === typed);
    const toMachineId = byName.length === 1 && byName[0] !== undefined ? byName[0].id : typed;
    await api.machines.createMachineScope({ machineId: machine.id, toMachineId });
    announce("Scope added.");
    refresh();
  });
  const scoped = machine.scopedMachines.map((other) => {
    const removeForm = h(
      "form",
      { class: "scope-row" },
      h("span", {}, other.name, " ", h("code", {}, other.id)),
      h("button", { type: "submit", class: "secondary", "aria-label": `Remove scope to ${other.name}` }, "Remove"),
      errorBox(),
    );
    submitForm(removeForm, "Removing…", async () => {
      await api.machines.deleteMachineScope({ machineId: machine.id, otherMachineId: other.id });
      announce(`Removed the scope to ${other.name}.`);
      refresh();
    });
    return h("li", {}, removeForm);
  });
  const callers = directory
    .loaded()
    .filter((other) => other.scopedMachines.some((scope) => scope.id === machine.id))
    .map((other) => ({ id: other.id, name: other.name }));
  return section(
    "Scopes: machines it may call",
    scoped.length === 0 ? h("p", { class: "muted" }, "None yet.") : h("ul", { class: "scopes" }, ...scoped),
    form,
    h(
      "figure",
      { class: "graph" },
      scopeGraph(machine, callers, machine.scopedMachines),
      h("figcaption", {}, "Left: loaded machines that may call it. Right: machines it may call."),
    ),
  );
}

function tokenSection(api: Api, machine: Machine): HTMLElement {
  const format = h(
    "select",
    { name: "format", "data-field": "format" },
    h("option", { value: TokenFormat.OPAQUE }, "Opaque (mt_…, revocable)"),
    h("option", { value: TokenFormat.JWT }, "JWT (verifiable offline)"),
  );
  const lifetime = h("input", {
    type: "number",
    name: "seconds_until_expiration",
    "data-field": "seconds_until_expiration",
    min: 1,
    step: 1,
    placeholder: String(machine.defaultTokenTtlSeconds),
  });
  const claims = h("textarea", { name: "claims", "data-field": "claims", rows: 2, placeholder: '{"env": "prod"}' });
  const result = h("div", { class: "reveal-slot" });
  const form = h(
    "form",
    { class: "issue-token" },
    field("Format", format),
    field("Lifetime (seconds)", lifetime, "Empty: the machine's default token lifetime."),
    field("Custom claims (JSON object, optional)", claims),
    errorBox(),
    h("button", { type: "submit" }, "Issue token"),
  );
  submitForm(form, "Working…", async (step) => {
    let parsed: JsonObject | undefined;
    if (claims.value.trim() !== "") {
      try {
        const value: unknown = JSON.parse(claims.value);
        if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error("not an object");
        parsed = value as JsonObject;
      } catch {
        displayProblem(form, {
          code: "InvalidArgument",
          reason: undefined,
          field: "claims",
          message: 'must be a JSON object, like {"env": "prod"}',
        });
        return;
      }
    }
    step("Fetching the machine's key…");
    const { secretKey } = await api.machines.getMachineSecretKey({ id: machine.id });
    step("Issuing the token…");
    const issued = await api.tokensAs(secretKey).createToken({
      format: Number(format.value) as TokenFormat,
      secondsUntilExpiration: optionalInt(lifetime),
      claims: parsed,
    });
    const token = issued.token;
    const expires = token?.expireTime && timestampDate(token.expireTime);
    const reveal = secretReveal(
      `Token for ${machine.name}`,
      issued.secret,
      `Expires ${formatTime(expires)}. Valid for: ${token?.scopes.join(", ") || "no machine (add a scope first)"}.`,
    );
    reveal.append(
      h(
        "button",
        {
          type: "button",
          class: "secondary",
          onclick: () => offerForVerify(issued.secret, token?.scopes[0] ?? ""),
        },
        "Verify it…",
      ),
    );
    result.replaceChildren(reveal);
    announce("Token issued.");
  });
  return section("Issue a token", form, result);
}

function deleteSection(api: Api, machine: Machine, directory: MachineDirectory): HTMLElement {
  const slot = h("div", {});
  const ask = h(
    "button",
    {
      type: "button",
      class: "danger",
      onclick: () => {
        const error = errorBox();
        const confirm = h(
          "button",
          {
            type: "button",
            class: "danger",
            onclick: () => {
              confirm.disabled = true;
              api.machines.deleteMachine({ id: machine.id }).then(
                () => {
                  announce(`Deleted machine ${machine.name}.`);
                  directory.remove(machine.id);
                  directory.select(undefined);
                },
                (failure: unknown) => {
                  confirm.disabled = false;
                  showProblem(slot, failure);
                },
              );
            },
          },
          `Delete ${machine.name}`,
        );
        const cancel = h(
          "button",
          { type: "button", class: "secondary", onclick: () => slot.replaceChildren(ask) },
          "Cancel",
        );
        slot.replaceChildren(
          h(
            "p",
            { role: "alert" },
            "This deletes the machine, its keys and tokens, and every scope from or to it. It cannot be undone.",
          ),
          confirm,
          cancel,
          error,
        );
        cancel.focus();
      },
    },
    "Delete machine…",
  );
  slot.append(ask);
  return section("Delete", slot);
}
