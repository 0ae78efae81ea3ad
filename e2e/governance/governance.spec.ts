import { readFile } from "node:fs/promises";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { parseCsv } from "../../test/parse-csv";
import { expectAccessible } from "../support/expect-accessible";
import { signInAs, type DemoUser } from "../support/sign-in";
import { e2eUrls } from "../support/stack-config";

/*
 * Governance in the browser: bob (lead of payments) asks to move payments-dev to a new cost
 * code, cannot approve it himself, carol (admin) approves, the portal applies and verifies it in
 * AWS and the account page shows the new tag. Then someone changes the tag in AWS behind the
 * portal's back (the emulator's control route); carol's drift scan finds it and she reverts it.
 * Finally carol filters the audit log to that request and the CSV export holds exactly those rows.
 */

const PAYMENTS_DEV = "421938475610";

async function as(browser: Browser, user: DemoUser, next = "/"): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInAs(page, user, next);
  return page;
}

/** The tags the AWS emulator holds for an account. */
async function awsTags(accountId: string): Promise<Record<string, string>> {
  const response = await fetch(`${e2eUrls.aws}/__emulator/state`);
  expect(response.ok).toBe(true);
  const state = (await response.json()) as { accounts: Array<{ Id: string; Tags: Array<{ Key: string; Value: string }> }> };
  const account = state.accounts.find((a) => a.Id === accountId);
  expect(account, `the emulator has account ${accountId}`).toBeTruthy();
  return Object.fromEntries(account!.Tags.map((t) => [t.Key, t.Value]));
}

/** Opens an account's page, waiting for the account import that runs when the stack starts. */
async function openAccount(page: Page, awsAccountId: string): Promise<void> {
  await expect(async () => {
    const response = await page.goto(`/accounts/${awsAccountId}`);
    expect(response?.status()).toBe(200);
  }).toPass({ timeout: 60_000 });
}

const recorded = (page: Page, key: string) => page.getByTestId("account-tag").filter({ has: page.locator(`th:text-is("${key}")`) }).getByTestId("recorded-value");

test("bob asks for a cost-code change, carol approves, drift is caught and reverted, and the audit log exports it", async ({ browser }) => {
  test.setTimeout(240_000);
  const startCostCode = (await awsTags(PAYMENTS_DEV)).CostCode;
  expect(startCostCode).toBe("CC-2101");

  // 1. bob asks for a new cost code on payments-dev, with a reason; the policy checks the value first.
  const bob = await as(browser, "bob", "/accounts");
  await openAccount(bob, PAYMENTS_DEV);
  await expect(bob.getByRole("heading", { level: 1, name: "payments-dev" })).toBeVisible();
  await expect(recorded(bob, "CostCode")).toHaveText("CC-2101");
  // Derived keys, and keys only admins change, are shown with why they cannot change.
  await expect(bob.getByTestId("locked-keys")).toContainText("Environment");
  await expect(bob.getByTestId("locked-keys")).toContainText("Derived by the portal");
  await expect(bob.getByTestId("locked-keys")).toContainText("DataClassification");
  await expectAccessible(bob, { name: "account page (bob)", phone: true });

  await bob.getByLabel("CostCode").fill("3105");
  await bob.getByLabel("Reason").fill("Payments moves to the new cost centre");
  await bob.getByRole("button", { name: "Request the change" }).click();
  await expect(bob.getByLabel("CostCode")).toHaveAttribute("aria-invalid", "true");
  await expect(bob.locator("#tag-CostCode-error")).toContainText("match");

  await bob.getByLabel("CostCode").fill("CC-3105");
  await bob.getByRole("button", { name: "Request the change" }).click();
  await expect(bob).toHaveURL(/\/tag-changes\/[0-9a-f-]{36}$/);
  const id = bob.url().split("/").at(-1)!;
  await expect(bob.getByTestId("tag-change-state")).toHaveAttribute("data-state", "requested");
  await expect(bob.getByTestId("tag-change-item")).toHaveAttribute("data-account", PAYMENTS_DEV);

  // A second open request for the same key is refused, with a link to the first.
  await openAccount(bob, PAYMENTS_DEV);
  await bob.getByLabel("CostCode").fill("CC-3106");
  await bob.getByLabel("Reason").fill("A second try");
  await bob.getByRole("button", { name: "Request the change" }).click();
  const conflict = bob.getByTestId("tag-change-conflict");
  await expect(conflict).toContainText("already has an open change request");
  await expect(conflict.getByRole("link", { name: "See the open request" })).toHaveAttribute("href", `/tag-changes/${id}`);

  // 2. bob cannot approve his own request: no buttons here or in the queue, and the API refuses.
  await bob.goto(`/tag-changes/${id}`);
  await expect(bob.getByTestId("decide-blocked")).toBeVisible();
  await expect(bob.getByRole("button", { name: "Approve" })).toHaveCount(0);
  await bob.goto("/approvals");
  const own = bob.locator(`[data-testid="tag-change"][data-id="${id}"]`);
  await expect(own).toBeVisible();
  await expect(own.getByRole("button", { name: "Approve" })).toHaveCount(0);
  expect((await bob.request.post(`/api/tag-changes/${id}/decision`, { data: { decision: "approve", reason: "mine" } })).status()).toBe(403);

  // 3. carol approves from the queue with a reason; the change is applied and verified in AWS.
  const carol = await as(browser, "carol", "/approvals");
  const card = carol.locator(`[data-testid="tag-change"][data-id="${id}"]`);
  await expect(card).toContainText("CostCode");
  await expect(card).toContainText("Payments moves to the new cost centre");
  await expectAccessible(carol, { name: "/approvals with a tag change" });
  await card.getByRole("button", { name: "Approve" }).click();
  await expect(card.getByLabel("Reason")).toHaveAttribute("aria-invalid", "true");
  await card.getByLabel("Reason").fill("Budget moved in the finance plan");
  await card.getByRole("button", { name: "Approve" }).click();
  await expect(async () => {
    const response = await carol.request.get(`/api/tag-changes/${id}`);
    expect(((await response.json()) as { state: string }).state).toBe("applied");
  }).toPass({ timeout: 60_000 });
  expect((await awsTags(PAYMENTS_DEV)).CostCode).toBe("CC-3105");

  // 4. The account page shows the new tag, recorded and in AWS; the request page who approved it.
  await openAccount(bob, PAYMENTS_DEV);
  await expect(recorded(bob, "CostCode")).toHaveText("CC-3105");
  await bob.goto(`/tag-changes/${id}`);
  await expect(bob.getByTestId("tag-change-state")).toHaveAttribute("data-state", "applied");
  await expect(bob.getByTestId("tag-change-decision")).toContainText("Budget moved in the finance plan");
  await expect(bob.getByTestId("tag-change-item")).toHaveAttribute("data-status", "verified");

  // 5. Someone changes the cost code in AWS behind the portal's back; carol's scan finds it and she reverts it.
  const drift = await fetch(`${e2eUrls.aws}/__emulator/tags/${PAYMENTS_DEV}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ set: { CostCode: "CC-6666" } }) });
  expect(drift.ok).toBe(true);
  await carol.goto("/admin/drift");
  await carol.getByRole("button", { name: "Scan for drift now" }).click();
  await expect(carol.getByTestId("drift-scan-result")).toBeVisible();
  const finding = carol.locator(`[data-testid="drift-finding"][data-account="${PAYMENTS_DEV}"][data-key="CostCode"]`);
  await expect(async () => {
    await carol.reload();
    await expect(finding).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 60_000 });
  await expect(finding.getByTestId("drift-recorded")).toHaveText("CC-3105");
  await expect(finding.getByTestId("drift-observed")).toHaveText("CC-6666");
  await expectAccessible(carol, { name: "/admin/drift", phone: true });
  await finding.getByLabel("Reason").fill("Changed by hand in the console");
  await finding.getByRole("button", { name: "Revert to CC-3105" }).click();
  await expect(finding.getByRole("status")).toContainText("Reverting");
  await expect(async () => expect((await awsTags(PAYMENTS_DEV)).CostCode).toBe("CC-3105")).toPass({ timeout: 60_000 });
  await expect(async () => {
    await carol.goto("/admin/drift?status=reverted");
    await expect(finding).toHaveAttribute("data-status", "reverted", { timeout: 1_000 });
  }).toPass({ timeout: 60_000 });

  // The audit chain still holds.
  await carol.goto("/admin/audit/verify");
  await carol.getByRole("button", { name: "Verify the chain" }).click();
  await expect(carol.getByTestId("audit-chain-ok")).toContainText("rows verified");
  await expectAccessible(carol, { name: "/admin/audit/verify" });

  // 6. carol filters the audit log to the request and exports exactly those rows.
  await carol.goto("/admin/audit");
  await carol.getByLabel("Subject type").selectOption("tag_change_request");
  await carol.getByLabel("Subject id").fill(id);
  await carol.getByRole("button", { name: "Apply filters" }).click();
  await expect(carol).toHaveURL(new RegExp(`[?&]subjectId=${id}`));
  const rows = carol.getByTestId("audit-log").locator("tbody tr[data-event-id]");
  await expect(rows.filter({ hasText: "governance.tag_change.request" })).toHaveCount(1);
  const listed = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-event-id") ?? ""));
  expect(listed.length).toBeGreaterThanOrEqual(3);
  const [download] = await Promise.all([carol.waitForEvent("download"), carol.getByRole("link", { name: "Export CSV" }).click()]);
  const [header, ...records] = parseCsv(await readFile((await download.path())!, "utf8"));
  expect(header?.[0]).toBe("id");
  const subjectIdColumn = header!.indexOf("subject_id");
  const actionColumn = header!.indexOf("action");
  expect(records.map((r) => r[0])).toEqual([...listed].reverse());
  expect(new Set(records.map((r) => r[subjectIdColumn]))).toEqual(new Set([id]));
  expect(records.map((r) => r[actionColumn])).toEqual(expect.arrayContaining(["governance.tag_change.request", "governance.tag_change.approve"]));
});

test("carol lists the accounts that break the tag policy, raises one fix, and a bulk change shows each account's status", async ({ browser }) => {
  test.setTimeout(120_000);
  const carol = await as(browser, "carol", "/admin");
  await carol.getByRole("link", { name: "Governance", exact: true }).click();
  await expect(carol.getByRole("heading", { level: 1, name: "Governance" })).toBeVisible();

  // checkout-stage was imported without its CostCode: it breaks the policy, and one request fixes it.
  const broken = carol.getByTestId("non-compliant-account").filter({ hasText: "checkout-stage" });
  await expect(async () => {
    await carol.reload();
    await expect(broken).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 60_000 });
  await expect(broken).toContainText("CostCode");
  await expectAccessible(carol, { name: "/admin/governance", phone: true });
  const fix = carol.getByRole("form", { name: "Fix them in one request" });
  await fix.getByLabel("CostCode").fill("CC-2307");
  await fix.getByRole("button", { name: "Request the fix" }).click();
  await expect(carol).toHaveURL(/\/tag-changes\/[0-9a-f-]{36}$/);
  await expect(carol.getByTestId("tag-change-state")).toHaveAttribute("data-state", "requested");
  await expect(carol.getByTestId("tag-change-item").filter({ hasText: "checkout-stage" })).toHaveAttribute("data-status", "pending");
  // Carol raised it, so another admin must approve it.
  await expect(carol.getByTestId("decide-blocked")).toContainText("another platform admin must decide it");

  // A bulk cost-code move for the whole ledger workload: one request, one row per account.
  await carol.goto("/admin/governance");
  const bulk = carol.getByRole("form", { name: "Bulk tag change" });
  await bulk.getByLabel("Ledger").check();
  await bulk.getByLabel("CostCode").fill("CC-2205");
  await bulk.getByLabel("Reason").fill("Ledger moves to its own cost centre");
  await bulk.getByRole("button", { name: "Request the bulk change" }).click();
  await expect(carol).toHaveURL(/\/tag-changes\/[0-9a-f-]{36}$/);
  await expect(carol.getByRole("heading", { level: 1 })).toHaveText("Bulk tag change of 3 accounts");
  await expect(carol.getByTestId("tag-change-item")).toHaveCount(3);
  for (const name of ["ledger-dev", "ledger-stage", "ledger-prod"]) await expect(carol.getByTestId("tag-change-item").filter({ hasText: name })).toHaveAttribute("data-status", "pending");
  await expectAccessible(carol, { name: "bulk tag change page", phone: true });
});
