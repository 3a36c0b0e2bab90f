import { h } from "./dom.js";
import { describeError, type Problem } from "./errors.js";

/** announce writes a short message to the polite live region (status line). */
export function announce(message: string): void {
  const status = document.getElementById("status");
  if (status !== null) status.textContent = message;
}

/**
 * showProblem shows a failed call inside `form`: the message in the form's
 * alert box, and, when the server named a field (ErrorInfo metadata `field`),
 * that input is marked invalid, described by the message and focused.
 */
export function showProblem(form: HTMLElement, error: unknown): Problem {
  const problem = describeError(error);
  displayProblem(form, problem);
  return problem;
}

/** displayProblem shows a Problem in `form`, whether the server or the console found it. */
export function displayProblem(form: HTMLElement, problem: Problem): void {
  clearProblem(form);
  const box = form.querySelector<HTMLElement>(".form-error");
  const input =
    problem.field === undefined ? null : form.querySelector<HTMLElement>(`[data-field="${CSS.escape(problem.field)}"]`);
  if (box !== null) {
    box.replaceChildren(
      h("strong", {}, problem.field === undefined ? `${problem.code}: ` : `${fieldLabel(form, problem.field)}: `),
      problem.message,
      problem.reason === undefined ? "" : h("span", { class: "reason" }, ` (${problem.reason})`),
    );
    box.hidden = false;
  }
  if (input !== null) {
    input.setAttribute("aria-invalid", "true");
    if (box !== null) input.setAttribute("aria-describedby", box.id);
    input.focus();
  }
}

function fieldLabel(form: HTMLElement, field: string): string {
  const input = form.querySelector<HTMLElement>(`[data-field="${CSS.escape(field)}"]`);
  const label = input?.id ? form.querySelector(`label[for="${CSS.escape(input.id)}"]`) : null;
  return label?.textContent?.trim() || field;
}

/** clearProblem hides the form's alert and unmarks its inputs. */
export function clearProblem(form: HTMLElement): void {
  const box = form.querySelector<HTMLElement>(".form-error");
  if (box !== null) {
    box.hidden = true;
    box.replaceChildren();
  }
  for (const input of form.querySelectorAll("[aria-invalid]")) {
    input.removeAttribute("aria-invalid");
    input.removeAttribute("aria-describedby");
  }
}

let nextId = 0;

/** uid makes a document-unique id for label/aria wiring. */
export function uid(prefix: string): string {
  nextId += 1;
  return `${prefix}-${nextId}`;
}

/** errorBox is the per-form alert that showProblem fills. */
export function errorBox(): HTMLElement {
  return h("div", { class: "form-error", role: "alert", id: uid("error"), hidden: true });
}

/** field is a labelled input; `field` is the request field name the server reports errors against. */
export function field(
  label: string,
  input: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement,
  hint?: string,
): HTMLElement {
  input.id ||= uid("input");
  const hintElement = hint === undefined ? undefined : h("small", { class: "hint", id: uid("hint") }, hint);
  if (hintElement !== undefined) input.setAttribute("aria-describedby", hintElement.id);
  return h("div", { class: "field" }, h("label", { for: input.id }, label), input, hintElement);
}

/**
 * busy runs `work` with the form's submit button disabled and labelled with
 * `progress` (work may relabel it for each step through `step`), so long work
 * shows that it is under way; it restores the button after.
 */
export async function busy<T>(
  form: HTMLElement,
  progress: string,
  work: (step: (label: string) => void) => Promise<T>,
): Promise<T> {
  const button = form.querySelector<HTMLButtonElement>("button[type=submit]");
  const label = button?.textContent ?? "";
  form.setAttribute("aria-busy", "true");
  if (button !== null) {
    button.disabled = true;
    button.textContent = progress;
  }
  try {
    return await work((text) => {
      if (button !== null) button.textContent = text;
      announce(text);
    });
  } finally {
    form.removeAttribute("aria-busy");
    if (button !== null) {
      button.disabled = false;
      button.textContent = label;
    }
  }
}

/**
 * secretReveal shows a secret once with a copy button. It never stores the
 * secret anywhere else; "Done" removes it from the page.
 */
export function secretReveal(title: string, secret: string, note: string): HTMLElement {
  const output = h("input", {
    class: "secret-value",
    readonly: true,
    value: secret,
    "aria-label": title,
    spellcheck: "false",
    autocomplete: "off",
  });
  const copied = h("span", { class: "copied", role: "status" });
  const box = h(
    "section",
    { class: "secret", "aria-label": title },
    h("h3", {}, title),
    h("p", {}, note),
    h(
      "div",
      { class: "secret-row" },
      output,
      h(
        "button",
        {
          type: "button",
          onclick: () => {
            output.select();
            navigator.clipboard.writeText(secret).then(
              () => {
                copied.textContent = "Copied.";
              },
              () => {
                copied.textContent = "Selected: press Ctrl+C (⌘C) to copy.";
              },
            );
          },
        },
        "Copy",
      ),
      h("button", { type: "button", class: "secondary", onclick: () => box.remove() }, "Done"),
    ),
    copied,
  );
  return box;
}

/** section is a titled part of a details pane, labelled by its heading. */
export function section(title: string, ...children: (Node | string)[]): HTMLElement {
  const id = uid("title");
  return h("section", { class: "detail-section", "aria-labelledby": id }, h("h3", { id }, title), ...children);
}

/**
 * submitForm runs `work` when `form` is submitted, under `busy`, and shows
 * what failed in the form (by field, with the ErrorInfo reason).
 */
export function submitForm(
  form: HTMLFormElement,
  progress: string,
  work: (step: (label: string) => void) => Promise<void>,
): void {
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearProblem(form);
    busy(form, progress, work).catch((error: unknown) => showProblem(form, error));
  });
}
