import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { parseCsv } from "../../test/parse-csv";
import { signInAs } from "../support/sign-in";
import { expectAccessible } from "../support/expect-accessible";

/** Ids of every event the filtered list shows, following "Older events" to the last page. */
async function listedEventIds(page: Page): Promise<string[]> {
  const ids: string[] = [];
  for (;;) {
    const rows = page.getByTestId("audit-log").locator("tbody tr[data-event-id]");
    ids.push(...(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-event-id") ?? ""))));
    const older = page.getByRole("link", { name: "Older events →" });
    if ((await older.count()) === 0) return ids;
    await older.click();
    await page.waitForURL(/older=/);
  }
}

test("carol filters the audit log by action and exports exactly the filtered rows as CSV", async ({ browser, page }) => {
  // Something to find: dave signs in and out.
  const other = await browser.newContext();
  const dave = await other.newPage();
  await signInAs(dave, "dave");
  await dave.getByRole("button", { name: /Dave Diaz/ }).click();
  await dave.getByRole("button", { name: "Sign out" }).click();
  await expect(dave.getByText("You have signed out.")).toBeVisible();
  await other.close();

  await signInAs(page, "carol", "/admin");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expectAccessible(page, { name: "/admin", phone: true });
  await page.getByRole("link", { name: "Audit log: filter and export" }).click();
  await expect(page).toHaveURL(/\/admin\/audit$/);
  await expect(page.getByRole("heading", { name: "Audit log", level: 1 })).toBeVisible();

  await page.getByLabel("Action", { exact: true }).fill("auth.sign_out");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/[?&]action=auth\.sign_out/);
  const log = page.getByTestId("audit-log");
  const daveRow = log.getByRole("row").filter({ hasText: "Dave Diaz (@dave)" }).first();
  await expect(daveRow).toBeVisible();
  // Subject by name with a link, one time format with its zone.
  await expect(daveRow.getByRole("link", { name: "Dave Diaz (@dave)" }).first()).toBeVisible();
  await expect(daveRow.locator("time")).toHaveText(/^\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} UTC$/);
  await expect(log.getByRole("row").filter({ hasText: "auth.sign_in" })).toHaveCount(0);

  const filterUrl = page.url();
  const listed = await listedEventIds(page);
  expect(listed.length).toBeGreaterThan(0);
  await page.goto(filterUrl);

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^bulkhead-audit-.+\.csv$/);
  const [header, ...records] = parseCsv(await readFile((await download.path())!, "utf8"));
  expect(header).toEqual(["id", "at", "actor_id", "actor", "action", "subject_type", "subject_id", "subject_name", "request_id", "before", "after", "metadata"]);
  // Exactly the filtered rows: the same ids (the list is newest first, the CSV oldest first), all sign-outs.
  expect(records.map((r) => r[0])).toEqual([...listed].reverse());
  expect(new Set(records.map((r) => r[4]))).toEqual(new Set(["auth.sign_out"]));
  expect(records.some((r) => r[3] === "dave" && r[7] === "Dave Diaz (@dave)" && r[8] !== "")).toBe(true);
});

test("an event's page shows its before and after as a diff, and its request", async ({ page }) => {
  await signInAs(page, "carol", "/admin/audit");
  await page.goto("/admin/audit?action=auth.sign_in");
  await page.getByTestId("audit-log").locator("tbody tr[data-event-id]").first().locator("td").first().getByRole("link").click();
  await expect(page).toHaveURL(/\/admin\/audit\/\d+$/);
  await expect(page.getByRole("heading", { name: "Before and after" })).toBeVisible();
  await expect(page.getByTestId("audit-diff").getByRole("row").filter({ hasText: "roles" })).toBeVisible();
  await expectAccessible(page, { name: "audit event page", phone: true });
  const requestId = (await page.getByTestId("audit-request-id").innerText()).trim();
  expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
  await page.getByTestId("audit-request-id").getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`requestId=${requestId}`));
  await expect(page.getByTestId("audit-log").locator("tbody tr[data-event-id]")).not.toHaveCount(0);
});

test("bob sees the payments audit trail; alice, a builder, does not", async ({ browser, page }) => {
  await signInAs(page, "bob", "/workloads/payments");
  await page.getByRole("link", { name: "Audit trail" }).click();
  await expect(page).toHaveURL(/\/audit\?workload=payments$/);
  await expect(page.getByRole("heading", { name: "Audit trail: Payments" })).toBeVisible();
  const subjects = page.getByTestId("audit-log").getByRole("link", { name: "Payments (payments)" });
  await expect(subjects.first()).toBeVisible();
  // Nothing about other workloads or people.
  await expect(page.getByTestId("audit-log").getByText("Ledger (ledger)")).toHaveCount(0);
  await expect(page.getByTestId("audit-log").getByText("auth.sign_in")).toHaveCount(0);
  await expectAccessible(page, { name: "workload audit trail", phone: true });

  const builder = await browser.newContext();
  const alice = await builder.newPage();
  await signInAs(alice, "alice");
  expect((await alice.goto("/audit?workload=payments"))?.status()).toBe(403);
  expect((await alice.request.get("/api/workloads/payments/audit")).status()).toBe(403);
  expect((await alice.request.get("/api/audit/export")).status()).toBe(403);
  await builder.close();
});
