import { expect, test } from "@playwright/test";
import { expectAccessible } from "../support/expect-accessible";
import { signInAs } from "../support/sign-in";

// Issue 13: every page a journey visits is checked with axe. The estate and the inbox had no
// journey: carol reads the estate once the consumer repos are scanned, and alice her inbox.

test("carol reads the estate: versions in use, what is due, compliance", async ({ page }) => {
  await signInAs(page, "carol", "/estate");
  // The worker scans the consumer repos when it starts; scanning here does not wait for it.
  for (const workload of ["payments", "ledger"]) {
    const scan = await page.request.post(`/api/workloads/${workload}/scan`);
    expect(scan.ok(), await scan.text()).toBe(true);
  }
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Estate" })).toBeVisible();
  await expect(page.getByTestId("estate-totals")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Versions in use" })).toBeVisible();
  await expectAccessible(page, { name: "/estate", phone: true });
});

test("alice reads her inbox and filters it", async ({ page }) => {
  await signInAs(page, "alice", "/inbox");
  await expect(page.getByRole("heading", { level: 1, name: "Inbox" })).toBeVisible();
  await expect(page.getByRole("form", { name: "Filter notices" })).toBeVisible();
  await expectAccessible(page, { name: "/inbox", phone: true });
  await page.getByRole("form", { name: "Filter notices" }).getByLabel("Unread only").check();
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/[?&]unread=1/);
  await expectAccessible(page, { name: "/inbox (unread only)" });
});
