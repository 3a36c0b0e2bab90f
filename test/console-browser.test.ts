import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync } from "node:fs";
import http from "node:http";
import axe from "axe-core";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, expect, it, onTestFailed, vi } from "vitest";
import { Machine, MachineSecretKey } from "../src/db/entities.js";
import { InstanceRepository } from "../src/db/instance-repository.js";
import { type Database, embeddedDatabaseDir, openDatabase } from "../src/db/orm.js";
import { ID_PREFIX, newSortableId } from "../src/domain/ids.js";
import { hashSecret, newSecret, SECRET_PREFIX, SecretBox } from "../src/domain/secrets.js";
import { openTestDatabase } from "./harness.js";
import { type LatchkeyProcess, removeTempDirs, runLatchkey, tempDataDir, waitFor } from "./process.js";
import { describeUnless } from "./skip-reason.js";

const CHROMIUM = "/usr/bin/chromium";
/** The flags this machine's closed network needs (see the node-svc machine notes). */
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const SCREENSHOTS = ".test-output/screenshots";
/** FLEET is how many machines exist before the browser signs in, to watch the stream and the virtual list. */
const FLEET = 10_000;
/**
 * How long a poll waits for the page to show a change (vitest's default is 1 s).
 * Some changes re-stream all FLEET machines from the server, which takes longer
 * than a second while other test files run beside this one.
 */
const UI_UPDATE = { timeout: 15_000 };

// Each browser test takes seconds alone; its steps wait up to 30 s each for the page while other files run.
vi.setConfig({ testTimeout: 180_000 });

// CI installs Debian's chromium, so there the browser tests must run; on a
// developer machine without it they are skipped rather than failing `npm test`.
const chromiumReady = existsSync(CHROMIUM);
if (process.env.CI && !chromiumReady) {
  throw new Error(`CI must install Debian's chromium (${CHROMIUM}) for the console's browser tests`);
}
const needsChromium = chromiumReady ? undefined : `needs Chromium: ${CHROMIUM} is missing (apt-get install chromium)`;

let server: LatchkeyProcess | undefined;
let browser: Browser | undefined;
let baseUrl: string;
let key: string;
/** Pages on two other origins: the first is in LATCHKEY_CORS_ORIGINS, the second is not. */
const otherOrigins: http.Server[] = [];
let allowedOrigin: string;
let refusedOrigin: string;

/** blankOrigin serves an empty page on a port of its own: another origin for the cross-origin test. */
async function blankOrigin(): Promise<string> {
  const page = http.createServer((_req, res) => {
    res.setHeader("content-type", "text/html");
    res.end("<!doctype html><title>another origin</title>");
  });
  await new Promise<void>((resolve) => page.listen(0, "127.0.0.1", resolve));
  otherOrigins.push(page);
  return `http://127.0.0.1:${(page.address() as { port: number }).port}`;
}

/**
 * startServer seeds the database with an instance and FLEET machines (in bulk,
 * straight into the tables: 10,000 CreateMachine calls would take a minute),
 * then runs `latchkey serve` on it on a port the server picks itself (PORT=0,
 * read back from its log, so no other process can take it in between): the embedded database in a
 * fresh data directory, or this run's PostgreSQL database.
 */
async function startServer(): Promise<void> {
  const dataDir = tempDataDir();
  const kek = randomBytes(32);
  const database = process.env.DATABASE_URL
    ? await openTestDatabase()
    : await openDatabase({ pgliteDir: embeddedDatabaseDir(dataDir) });
  try {
    await database.migrate();
    const instance = await new InstanceRepository(database.fork()).createInstance("console");
    key = instance.secret;
    await seedFleet(database, new SecretBox(kek), instance.instanceId);
  } finally {
    await database.close();
  }
  server = runLatchkey(["serve"], {
    PORT: "0",
    LATCHKEY_DATA_DIR: dataDir,
    LATCHKEY_KEK: kek.toString("base64"),
    LATCHKEY_CORS_ORIGINS: allowedOrigin,
  });
  baseUrl = await waitFor(
    () => /"msg":"latchkey listening","url":"([^"]+)"/.exec(server?.stdout() ?? "")?.[1],
    "the server to listen",
  );
}

/** seedFleet inserts FLEET machines named fleet-0000… with their keys, one millisecond apart. */
async function seedFleet(database: Database, secrets: SecretBox, instanceId: string): Promise<void> {
  const db = database.fork();
  const start = Date.now() - FLEET;
  for (let first = 0; first < FLEET; first += 1000) {
    const machines = [];
    const keys = [];
    for (let i = first; i < Math.min(FLEET, first + 1000); i++) {
      const time = new Date(start + i);
      const id = newSortableId(ID_PREFIX.machine, time);
      const name = `fleet-${String(i).padStart(4, "0")}`;
      machines.push({ id, instanceId, name, defaultTokenTtlSeconds: 3600, createTime: time, updateTime: time });
      const secret = newSecret(SECRET_PREFIX.machine);
      keys.push({
        id: newSortableId(ID_PREFIX.machineSecretKey, time),
        machineId: id,
        keyHash: hashSecret(secret),
        sealedKey: secrets.seal(secret, id),
        status: "current" as const,
        expireTime: null,
        createTime: time,
      });
    }
    await db.insertMany(Machine, machines);
    await db.insertMany(MachineSecretKey, keys);
  }
}

/** loadedCount waits until the list says it holds `count` machines (a 10,000-machine stream takes a moment). */
async function loadedCount(page: Page, count: number): Promise<void> {
  await page.locator(`.count[data-loaded="${count}"]`).waitFor({ timeout: 30_000 });
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
}

beforeAll(async () => {
  if (!chromiumReady) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  allowedOrigin = await blankOrigin();
  refusedOrigin = await blankOrigin();
  // The suite tests what `npm start` serves: build the console from the current sources.
  execFileSync(process.execPath, [
    "node_modules/vite/bin/vite.js",
    "build",
    "--config",
    "web/vite.config.ts",
    "--logLevel",
    "warn",
  ]);
  await startServer();
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  for (const page of otherOrigins) page.close();
  if (server !== undefined) {
    server.child.kill("SIGTERM");
    await server.exit;
  }
  removeTempDirs();
});

describeUnless(needsChromium)("the browser console in Chromium", () => {
  it("signs in, streams machines, creates, scopes, rotates, issues and verifies tokens", async () => {
    const context = await (browser as Browser).newContext({ viewport: { width: 1366, height: 900 } });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseUrl });
    const page = await context.newPage();
    onTestFailed(async () => {
      await shot(page, "failed");
      const lifecycle = (server?.stdout() ?? "").split("\n").filter((line) => !line.includes('"msg":"request",'));
      console.error(
        `server exit code ${server?.child.exitCode}, signal ${server?.child.signalCode}; its log:\n${lifecycle.slice(-30).join("\n")}`,
      );
    });
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    page.on("console", (message) => {
      // Failed calls the test makes on purpose show up as failed resources; anything else
      // (an exception, a CSP violation) is a bug.
      if (message.type() === "error" && !message.text().startsWith("Failed to load resource: the server responded")) {
        pageErrors.push(message.text());
      }
    });

    // Sign in: a wrong key is refused with the server's reason, the right one is accepted.
    expect(server?.stderr()).toContain(`Console: open ${baseUrl}/ in a browser`);
    await page.goto(`${baseUrl}/`);
    await expect(page.title()).resolves.toBe("Sign in · latchkey console");
    await shot(page, "01-sign-in");
    await page.getByLabel("Instance secret key").fill(newSecret(SECRET_PREFIX.instance));
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").filter({ hasText: "The key was not accepted" }).waitFor();
    await page.getByLabel("Instance secret key").fill(key);
    await page.getByRole("button", { name: "Sign in" }).click();

    // The list streams in, and only the rows in view are in the DOM.
    const count = page.locator(".count");
    await loadedCount(page, FLEET);
    expect(await count.textContent()).toMatch(/^10,000 machines \(streamed in/);
    expect(await page.locator(".virtual-rows li").count()).toBeLessThan(60);
    await shot(page, "02-machines");

    // Keyboard: arrow keys move through the virtual list.
    await page.locator(".row").first().focus();
    await page.keyboard.press("End");
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent ?? ""), UI_UPDATE)
      .toContain("fleet-0000");

    // A blank name is refused by the server; the console marks the field it named.
    const name = page.getByLabel("Name", { exact: true }).first();
    await name.fill("   ");
    await page.getByRole("button", { name: "Create machine" }).click();
    await page.locator(".create .form-error").filter({ hasText: "must not be blank" }).waitFor();
    expect(await name.getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator(".create .form-error").textContent()).toContain("(INVALID_FIELD)");

    // Create two machines; each secret key is shown once with a copy button.
    for (const machineName of ["billing", "worker"]) {
      await name.fill(machineName);
      await page.getByRole("button", { name: "Create machine" }).click();
      const secret = page.getByRole("region", { name: `Secret key of ${machineName}` });
      await secret.waitFor();
      expect(await secret.getByRole("textbox").inputValue()).toMatch(/^ak_/);
      // Focus goes to the key's copy button, not away from the key shown only now.
      await expect.poll(() => page.evaluate(() => document.activeElement?.textContent), UI_UPDATE).toBe("Copy");
    }
    await page.getByRole("region", { name: "Secret key of worker" }).getByRole("button", { name: "Copy" }).click();
    await page.getByText("Copied.").waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toMatch(/^ak_/);
    await loadedCount(page, FLEET + 2);

    // Search narrows the stream to one machine.
    await page.getByLabel("Search").fill("billing");
    await loadedCount(page, 1);
    await page.getByLabel("Search").fill("");
    await loadedCount(page, FLEET + 2);

    // Order by name: the first row is billing.
    await page.getByLabel("Order").selectOption({ label: "Name A–Z" });
    await expect.poll(() => page.locator(".row-name").first().textContent(), UI_UPDATE).toBe("billing");

    // worker may call billing: add the scope by name, see it listed and drawn.
    await page.getByLabel("Search").fill("worker");
    await loadedCount(page, 1);
    await page.locator(".row").filter({ hasText: "worker" }).click();
    const detail = page.getByRole("region", { name: "Machine details" });
    await detail.getByRole("heading", { name: "worker" }).waitFor();
    await page.getByLabel("Search").fill("");
    await loadedCount(page, FLEET + 2);
    await detail.getByLabel("Machine it may call").fill("billing");
    await detail.getByRole("button", { name: "Add scope" }).click();
    await detail.getByRole("button", { name: "Remove scope to billing" }).waitFor();
    await detail.locator("svg.scope-graph .callee text", { hasText: "billing" }).waitFor();
    // Adding it again is refused with the server's reason.
    await detail.getByLabel("Machine it may call").fill("billing");
    await detail.getByRole("button", { name: "Add scope" }).click();
    await detail.locator(".add-scope .form-error").filter({ hasText: "ALREADY" }).waitFor();

    // Rotate the key with a grace period.
    await detail.getByLabel("Grace period for the old key (seconds)").fill("600");
    await detail.getByRole("button", { name: "Rotate key" }).click();
    const rotated = detail.getByRole("region", { name: "New secret key of worker" });
    await rotated.getByText("The previous key keeps working until").waitFor();
    expect(await rotated.getByRole("textbox").inputValue()).toMatch(/^ak_/);
    await shot(page, "03-machine-detail");

    // Issue a token with the machine's key and verify it as billing.
    await detail.getByLabel("Custom claims (JSON object, optional)").fill("[1]");
    await detail.getByRole("button", { name: "Issue token" }).click();
    await detail.locator(".issue-token .form-error").filter({ hasText: "must be a JSON object" }).waitFor();
    await detail.getByLabel("Custom claims (JSON object, optional)").fill('{"env": "test"}');
    await detail.getByRole("button", { name: "Issue token" }).click();
    const issued = detail.getByRole("region", { name: "Token for worker" });
    await issued.waitFor();
    expect(await issued.getByRole("textbox").inputValue()).toMatch(/^mt_/);
    await issued.getByRole("button", { name: "Verify it…" }).click();
    await page.getByRole("heading", { name: "Verify a token" }).waitFor();
    await page.getByRole("button", { name: "Verify" }).click();
    await page.getByRole("heading", { name: "Valid token" }).waitFor();
    await page.getByText('{"env":"test"}').waitFor();
    await shot(page, "04-token-verified");

    // The same token is not for another receiver: the reason is shown.
    const workerId = (await page.locator(".verify-result dd code").first().textContent()) as string;
    await page.getByLabel("Receiving machine id").fill(workerId);
    await page.getByRole("button", { name: "Verify" }).click();
    await page.getByRole("heading", { name: "Not valid: TOKEN_NOT_FOR_RECEIVER" }).waitFor();

    // Scopes & roles: a type, a root and a child scope, a role, a membership at the root.
    await page.getByRole("link", { name: "Scopes & roles" }).click();
    // The view renders after the click returns: wait for its title rather than read it at once.
    await expect.poll(() => page.title(), UI_UPDATE).toBe("Scopes & roles · latchkey console");
    const types = page.getByRole("region", { name: "Scope types" });
    await types.getByText("No scope types yet").waitFor();
    await types.getByLabel("Type name").fill("org");
    await types.getByLabel("Permission mode").selectOption({ label: "Inherit: roles held above apply here" });
    await types.getByRole("button", { name: "Create type" }).click();
    await types.locator(".row-name", { hasText: "org" }).waitFor();
    const treeCard = page.getByRole("region", { name: "Scope tree" });
    await treeCard.getByLabel("Root scope name").fill("acme");
    await treeCard.getByRole("button", { name: "Create root scope" }).click();
    const tree = page.getByRole("tree", { name: "Scopes" });
    const scopeDetail = page.getByRole("region", { name: "Scope details" });
    await scopeDetail.getByRole("heading", { name: "acme" }).waitFor();
    expect(await tree.getByRole("treeitem", { name: /^acme/ }).getAttribute("aria-selected")).toBe("true");
    await scopeDetail.getByLabel("Child scope name").fill("payments");
    await scopeDetail.getByRole("button", { name: "Create child scope" }).click();
    await scopeDetail.getByRole("heading", { name: "payments" }).waitFor();
    expect(await scopeDetail.locator(".scope-path").textContent()).toBe("acme");
    // A refused scope shows the field the server named.
    await scopeDetail.getByLabel("Child scope name").fill("  ");
    await scopeDetail.getByRole("button", { name: "Create child scope" }).click();
    await scopeDetail.locator(".form-error").filter({ hasText: "must not be blank" }).waitFor();
    expect(await scopeDetail.getByLabel("Child scope name").getAttribute("aria-invalid")).toBe("true");

    // The tree works from the keyboard: Left collapses, Right expands then enters, Enter selects.
    const acmeItem = tree.getByRole("treeitem", { name: /^acme/ });
    expect(await acmeItem.getAttribute("aria-expanded")).toBe("true");
    await acmeItem.focus();
    await page.keyboard.press("ArrowLeft");
    expect(await acmeItem.getAttribute("aria-expanded")).toBe("false");
    expect(await tree.getByRole("treeitem", { name: /^payments/ }).count()).toBe(0);
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => acmeItem.getAttribute("aria-expanded"), UI_UPDATE).toBe("true");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("Enter");
    await scopeDetail.getByRole("heading", { name: "payments" }).waitFor();
    expect(
      await tree.getByRole("treeitem", { name: /^payments/ }).evaluate((item) => item === document.activeElement),
    ).toBe(true);

    // A role for the whole instance, a subject, and the machine worker as a member of acme.
    const roles = page.getByRole("region", { name: "Roles", exact: true });
    await roles.getByLabel("Role name").fill("deployer");
    await roles.getByLabel("Permissions").fill("deploy:read, deploy:*");
    await roles.getByRole("button", { name: "Create role" }).click();
    await roles.locator(".item-row", { hasText: "deploy:read, deploy:*" }).waitFor();
    const subjects = page.getByRole("region", { name: "Subjects" });
    await subjects.getByLabel("Display name").fill("Ada");
    await subjects.getByLabel("Kind").selectOption({ label: "User" });
    await subjects.getByRole("button", { name: "Create subject" }).click();
    const adaId = (await subjects.locator(".item-row", { hasText: "Ada" }).locator("code").textContent()) as string;
    expect(adaId).toMatch(/^subject_/);
    await tree.locator(".tree-row", { hasText: "acme" }).click();
    await scopeDetail.getByRole("heading", { name: "acme" }).waitFor();
    await scopeDetail.getByLabel("Subject id").fill(workerId);
    await scopeDetail.getByLabel("deployer").check();
    await scopeDetail.getByRole("button", { name: "Add member" }).click();
    await scopeDetail.getByRole("button", { name: `Remove ${workerId} from acme` }).waitFor();
    expect(await scopeDetail.locator(".item-row", { hasText: workerId }).textContent()).toContain(
      "roles: deployer (role_",
    );

    // The check on the child scope is allowed through the membership at its root, and says so.
    await tree.locator(".tree-row", { hasText: "payments" }).click();
    await scopeDetail.getByRole("heading", { name: "payments" }).waitFor();
    await scopeDetail.getByRole("button", { name: "Check a permission here" }).click();
    const checkCard = page.getByRole("form", { name: "Check a permission" });
    expect(await checkCard.getByLabel("Scope id").inputValue()).toMatch(/^scope_/);
    await checkCard.getByLabel("Subject id").fill(workerId);
    await checkCard.getByLabel("Permission").fill("deploy:write");
    await checkCard.getByRole("button", { name: "Check" }).click();
    const verdict = checkCard.locator(".check-result");
    await verdict.getByRole("heading", { name: "Allowed" }).waitFor();
    const explanation = (await verdict.textContent()) as string;
    expect(explanation).toContain(`Allowed: ${workerId} holds “deploy:write” in payments (scope_`);
    expect(explanation).toMatch(
      /Its membership in acme \(scope_[^)]+\), 1 level up the tree, gives it the role deployer \(role_[^)]+\), whose permission “deploy:\*” matches\./,
    );
    await shot(page, "06-scopes");
    // Ada is no member anywhere: denied.
    await checkCard.getByLabel("Subject id").fill(adaId);
    await checkCard.getByRole("button", { name: "Check" }).click();
    await verdict.getByRole("heading", { name: "Denied" }).waitFor();
    expect(await verdict.textContent()).toContain(`Denied: ${adaId} does not hold “deploy:write” in payments`);
    // A malformed id is refused by the server, and the console marks that field.
    await checkCard.getByLabel("Scope id").fill("payments");
    await checkCard.getByRole("button", { name: "Check" }).click();
    await checkCard.locator(".form-error").filter({ hasText: "(INVALID_FIELD)" }).waitFor();
    expect(await checkCard.getByLabel("Scope id").getAttribute("aria-invalid")).toBe("true");

    // Removing the membership takes the permission away.
    await tree.locator(".tree-row", { hasText: "acme" }).click();
    await scopeDetail.getByRole("button", { name: `Remove ${workerId} from acme` }).click();
    await scopeDetail.getByText("No members yet.").waitFor();

    // A root with 60 children (made through the API): the tree reads them 50 at a time.
    const typeId = (await types.locator(".item-row", { hasText: "org" }).locator("code").textContent()) as string;
    const children = Array.from({ length: 60 }, (_, i) => ({
      name: `team-${String(i).padStart(2, "0")}`,
      typeId,
      parentScopeId: "scope_fleet",
    }));
    const batch = await fetch(`${baseUrl}/latchkey.scope.v1.ScopeService/BatchCreateScopes`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ scopes: [{ id: "scope_fleet", name: "fleet", typeId }, ...children] }),
    });
    expect(batch.status).toBe(200);
    await page.getByRole("link", { name: "Tokens" }).click();
    await page.getByRole("link", { name: "Scopes & roles" }).click();
    await tree.locator(".tree-row", { hasText: "fleet" }).locator(".twisty").click();
    const fleetItem = tree.getByRole("treeitem", { name: /^fleet/ });
    await expect.poll(() => fleetItem.getAttribute("aria-expanded"), UI_UPDATE).toBe("true");
    const fleetChildren = fleetItem.getByRole("group").getByRole("treeitem");
    expect(await fleetChildren.count()).toBe(51);
    const more = fleetItem.getByRole("treeitem", { name: "Load more scopes…" });
    await more.focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => fleetChildren.count(), UI_UPDATE).toBe(60);
    // Focus lands on the first scope of the new page (the 51st child).
    expect(await fleetChildren.nth(50).evaluate((item) => item === document.activeElement)).toBe(true);
    expect(new Set(await fleetItem.locator(".tree-name").allTextContents()).size).toBe(61);

    // Rename and delete.
    await page.getByRole("link", { name: "Machines" }).click();
    await page.getByLabel("Search").fill("billing");
    await loadedCount(page, 1);
    await page.locator(".row").filter({ hasText: "billing" }).click();
    await detail.getByRole("heading", { name: "billing" }).waitFor();
    await detail.getByLabel("Name").fill("billing-v2");
    await detail.getByRole("button", { name: "Save" }).click();
    await detail.getByRole("heading", { name: "billing-v2" }).waitFor();
    await detail.getByRole("button", { name: "Delete machine…" }).click();
    await detail.getByRole("button", { name: "Delete billing-v2" }).click();
    await page.getByText("No machine matches.").waitFor();

    // The key never reached the URL or localStorage.
    expect(page.url()).not.toContain(key);
    expect(await page.evaluate(() => localStorage.length + sessionStorage.length)).toBe(0);
    expect(pageErrors).toEqual([]);
    // Kept in memory only: a reload asks for the key again.
    await page.reload();
    await page.getByLabel("Instance secret key").waitFor();
    await context.close();
  });

  it("fits a phone screen", async () => {
    const context = await (browser as Browser).newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/`);
    await page.getByLabel("Instance secret key").fill(key);
    await page.getByLabel("Keep it for this browser tab").check();
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.locator(".count[data-loaded]").waitFor({ timeout: 30_000 });
    // Kept for the tab: a reload stays signed in; nothing is in localStorage or the URL.
    await page.reload();
    await page.locator(".count[data-loaded]").waitFor({ timeout: 30_000 });
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
    expect(page.url()).not.toContain(key);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(page, "05-phone");
    await page.getByRole("link", { name: "Scopes & roles" }).click();
    await page.getByRole("tree", { name: "Scopes" }).locator(".tree-row").first().click();
    await page.getByRole("button", { name: "Add member" }).waitFor();
    const scopesOverflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(scopesOverflow).toBeLessThanOrEqual(0);
    await shot(page, "07-phone-scopes");
    await context.close();
  });

  it("has no axe-core violations of WCAG 2 A and AA on its main views", async () => {
    // bypassCSP only so the test can inject axe-core; the console itself runs under its CSP above.
    const context = await (browser as Browser).newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    const violations = async (view: string) => {
      await page.evaluate(axe.source);
      const result = await page.evaluate(() =>
        (window as unknown as { axe: typeof axe }).axe.run(document, { runOnly: ["wcag2a", "wcag2aa"] }),
      );
      return result.violations.map((v) => `${view}: ${v.id} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
    };
    await page.goto(`${baseUrl}/`);
    await page.getByLabel("Instance secret key").waitFor();
    const found = await violations("sign in");
    await page.getByLabel("Instance secret key").fill(key);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.locator(".count[data-loaded]").waitFor({ timeout: 30_000 });
    await page.locator(".row").first().click();
    await page.getByRole("button", { name: "Issue token" }).waitFor();
    found.push(...(await violations("machines")));
    await page.getByRole("link", { name: "Tokens" }).click();
    await page.getByRole("heading", { name: "Verify a token" }).waitFor();
    found.push(...(await violations("tokens")));
    await page.getByRole("link", { name: "Scopes & roles" }).click();
    await page.getByRole("tree", { name: "Scopes" }).locator(".tree-row").first().click();
    await page.getByRole("button", { name: "Add member" }).waitFor();
    await page.locator(".role-choices:not([aria-busy])").waitFor();
    found.push(...(await violations("scopes & roles")));
    expect(found).toEqual([]);
    await context.close();
  });

  it("lets a page on an allowed origin make unary and streaming calls, and blocks one on another origin", async () => {
    const context = await (browser as Browser).newContext();
    const page = await context.newPage();
    const callFrom = async (origin: string) => {
      await page.goto(`${origin}/`);
      return page.evaluate(
        async ({ api, bearer }) => {
          const headers = { authorization: `Bearer ${bearer}`, "connect-protocol-version": "1" };
          const service = `${api}/latchkey.machine.v1.MachineService`;
          try {
            // Unary (Connect, JSON): a preflight, then the call.
            const created = await fetch(`${service}/CreateMachine`, {
              method: "POST",
              headers: { ...headers, "content-type": "application/json" },
              body: JSON.stringify({ name: "cross-origin" }),
            });
            const refused = await fetch(`${service}/CreateMachine`, {
              method: "POST",
              headers: { ...headers, "content-type": "application/json" },
              body: JSON.stringify({ name: " " }),
            });
            // Server streaming (Connect, enveloped JSON).
            const json = new TextEncoder().encode(JSON.stringify({ query: "cross-origin" }));
            const envelope = new Uint8Array(5 + json.length);
            new DataView(envelope.buffer).setUint32(1, json.length);
            envelope.set(json, 5);
            const streamed = new Uint8Array(
              await (
                await fetch(`${service}/ListMachines`, {
                  method: "POST",
                  headers: { ...headers, "content-type": "application/connect+json" },
                  body: envelope,
                })
              ).arrayBuffer(),
            );
            const length = new DataView(streamed.buffer).getUint32(1);
            const first = JSON.parse(new TextDecoder().decode(streamed.subarray(5, 5 + length)));
            return {
              created: ((await created.json()) as { machine: { name: string } }).machine.name,
              reason: refused.headers.get("latchkey-error-reason"),
              streamed: (first as { machines: { name: string }[] }).machines.map((m) => m.name),
            };
          } catch (error) {
            return { blocked: String(error) };
          }
        },
        { api: baseUrl, bearer: key },
      );
    };
    expect(await callFrom(allowedOrigin)).toEqual({
      created: "cross-origin",
      reason: "INVALID_FIELD",
      streamed: ["cross-origin"],
    });
    expect(await callFrom(refusedOrigin)).toEqual({ blocked: "TypeError: Failed to fetch" });
    await context.close();
  });
});
