import { timestampDate } from "@bufbuild/protobuf/wkt";
import { TokenFormat } from "../../gen/ts/latchkey/token/v1/token_pb.js";
import type { Api } from "./api.js";
import { formatTime, h } from "./dom.js";
import { announce, busy, clearProblem, errorBox, field, showProblem, uid } from "./ui.js";

/** A token handed from the machine page to the verify form, in memory only (never in the URL). */
let offered: { token: string; receiverId: string } | undefined;

/** offerForVerify opens the tokens page with `token` and a receiver filled in. */
export function offerForVerify(token: string, receiverId: string): void {
  offered = { token, receiverId };
  location.hash = "#/tokens";
}

/**
 * tokensView verifies a machine token the way a receiving machine would:
 * VerifyToken with the instance key naming the receiver. Failures show the
 * server's reason (TOKEN_EXPIRED, TOKEN_NOT_FOR_RECEIVER, …).
 */
export function tokensView(api: Api): HTMLElement {
  const token = h("textarea", {
    name: "token",
    "data-field": "token",
    rows: 3,
    required: true,
    spellcheck: "false",
    autocomplete: "off",
  });
  const receiver = h("input", {
    name: "receiver_machine_id",
    "data-field": "receiver_machine_id",
    required: true,
    autocomplete: "off",
    placeholder: "mch_…",
  });
  if (offered !== undefined) {
    token.value = offered.token;
    receiver.value = offered.receiverId;
    offered = undefined;
  }
  const result = h("div", { class: "verify-result", role: "status" });
  const titleId = uid("title");
  const form = h(
    "form",
    { class: "card verify", "aria-labelledby": titleId },
    h("h2", { id: titleId }, "Verify a token"),
    h("p", { class: "muted" }, "Checks a token as the receiving machine would: it must be live and name that machine."),
    field("Token (mt_… or a JWT)", token),
    field("Receiving machine id", receiver),
    errorBox(),
    h("button", { type: "submit" }, "Verify"),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearProblem(form);
    result.replaceChildren();
    busy(form, "Verifying…", async () => {
      const verified = (
        await api.tokens.verifyToken({ token: token.value.trim(), receiverMachineId: receiver.value.trim() })
      ).token;
      result.replaceChildren(
        h("h3", { class: "valid" }, "Valid token"),
        h(
          "dl",
          { class: "facts" },
          h("dt", {}, "Subject (caller)"),
          h("dd", {}, h("code", {}, verified?.subject ?? "")),
          h("dt", {}, "May call"),
          h("dd", {}, verified?.scopes.join(", ") ?? ""),
          h("dt", {}, "Format"),
          h("dd", {}, verified?.format === TokenFormat.JWT ? "JWT" : "Opaque"),
          h("dt", {}, "Expires"),
          h("dd", {}, formatTime(verified?.expireTime && timestampDate(verified.expireTime))),
          h("dt", {}, "Custom claims"),
          h(
            "dd",
            {},
            verified?.claims === undefined || Object.keys(verified.claims).length === 0
              ? "none"
              : h("code", {}, JSON.stringify(verified.claims)),
          ),
        ),
      );
      announce("The token is valid.");
    }).catch((error: unknown) => {
      const problem = showProblem(form, error);
      result.replaceChildren(h("h3", { class: "invalid" }, `Not valid: ${problem.reason ?? problem.code}`));
    });
  });
  if (token.value !== "") queueMicrotask(() => form.querySelector("button")?.focus());
  return h("div", { class: "tokens" }, form, result);
}
