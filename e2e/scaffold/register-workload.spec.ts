import { expect, test } from "@playwright/test";
import { e2eUrls } from "../support/stack-config";
import { signInAs } from "../support/sign-in";
import { expectAccessible } from "../support/expect-accessible";

// Issue 9: a lead who registers a workload leads it at once (a manual membership), the form names
// the IdP group that grants the role from then on, and a repo another workload owns is refused.
test("bob registers a workload: another team's repo is refused, his own makes him its lead (manual)", async ({ page, request }) => {
  test.setTimeout(120_000);
  const slug = `orders-${Date.now().toString(36)}`;
  const repo = `${slug}-infra`;
  const created = await request.post(`${e2eUrls.github}/__emulator/repos`, { data: { name: repo, files: { "root.hcl": "# root\n", "dev/account.hcl": "locals {}\n" } } });
  expect(created.ok()).toBe(true);

  await signInAs(page, "bob");
  await page.goto("/workloads/new");
  await page.locator("#workload-name").fill("Orders");
  await page.locator("#workload-slug").fill(slug);
  await page.locator("#workload-teamSlug").fill("payments");
  await expect(page.getByTestId("lead-notice")).toContainText("You become this workload's lead when you register it");
  await expect(page.getByTestId("lead-group")).toHaveText(`${slug}-leads`);
  await expectAccessible(page, { name: "/workloads/new", phone: true });

  // Checkout's repo belongs to Checkout.
  await page.locator("#workload-consumerRepo").fill("acme-platform/checkout-infra");
  await page.getByRole("button", { name: "Register workload" }).click();
  await expect(page.locator("#workload-consumerRepo-error")).toContainText("already belongs to the Checkout workload (checkout)");
  await expectAccessible(page, { name: "/workloads/new with an error" });

  await page.locator("#workload-consumerRepo").fill(`acme-platform/${repo}`);
  await page.getByRole("button", { name: "Register workload" }).click();
  await expect(page).toHaveURL(new RegExp(`/workloads/${slug}$`), { timeout: 30_000 });
  await expect(page.getByTestId("workload-your-role")).toContainText("lead");
  await expect(page.getByTestId("workload-your-role")).toContainText("manual");
  await expect(page.getByTestId("role-source")).toContainText(`${slug}-leads`);
  await expect(page.getByRole("link", { name: "Scaffold a module", exact: true })).toBeVisible();
  await expectAccessible(page, { name: "new workload page", phone: true });

  await page.goto("/workloads");
  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: "Orders", exact: true }) });
  await expect(row.getByTestId("your-role")).toHaveText(/lead\s*manual/);
});
