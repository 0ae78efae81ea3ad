import { expect, test, type Page } from "@playwright/test";
import { e2eUrls } from "../support/stack-config";
import { expectAccessible } from "../support/expect-accessible";
import { signInAs } from "../support/sign-in";

/*
 * Issue 12, upgrade PRs for many units and with new required inputs. bob (lead of payments)
 * selects both sqs-queue units and opens their upgrade PRs at once: one PR each; their rows then
 * link the open PRs and the selection no longer offers them. alice selects the three vpc units and upgrades dev first: vpc 2.0.0
 * requires `subnets`, so the dev unit leads to the scaffold form for that input alone, stage and
 * prod are held for promotion; she fills it in and the PR opens.
 */

test.describe.configure({ mode: "serial" });

const CONSUMER_REPO = "acme-platform/payments-infra";
const WORKLOAD = "/workloads/payments";

const listPulls = async (page: Page) => (await (await page.request.get(`${e2eUrls.github}/__emulator/pulls?repo=${CONSUMER_REPO}`)).json()) as Array<{ number: number; title?: string }>;

/** The workload page once the stack's first catalogue sync and repo scan have recorded the module's units with their notices. */
async function openUnits(page: Page, module: string, units: number): Promise<void> {
  await expect(async () => {
    await page.goto(WORKLOAD);
    const bulk = page.getByTestId("bulk-upgrade");
    await bulk.getByLabel("Module").selectOption({ label: module }, { timeout: 3_000 });
    await expect(page.getByTestId("estate-units").getByRole("checkbox", { name: /^Select .*terragrunt\.hcl$/ })).toHaveCount(units, { timeout: 3_000 });
  }).toPass({ timeout: 240_000, intervals: [2_000, 3_000, 5_000] });
}

test("bob opens upgrade PRs for both sqs-queue units at once; their rows then link the open PRs instead of offering them again", async ({ page }) => {
  test.setTimeout(300_000);
  await signInAs(page, "bob", WORKLOAD);
  await openUnits(page, "sqs-queue", 2);
  await expectAccessible(page, { name: `${WORKLOAD} (units)`, phone: true });

  const bulk = page.getByTestId("bulk-upgrade");
  const open = bulk.getByRole("button", { name: /^Open upgrade PRs/ });
  await expect(open).toBeDisabled();
  // Keyboard: the select-all box toggles with the space bar.
  const all = page.getByRole("checkbox", { name: "Select every upgradable sqs-queue unit" });
  await all.focus();
  await page.keyboard.press("Space");
  await expect(all).toBeChecked();
  await expect(bulk).toContainText("2 of 2 selected");
  const before = (await listPulls(page)).length;
  await open.click();

  const results = page.getByTestId("bulk-results");
  await expect(results.getByRole("heading")).toHaveText("2 of 2 upgrade PRs open");
  const files = ["dev/eu-west-1/orders-queue/terragrunt.hcl", "stage/eu-west-1/orders-queue/terragrunt.hcl"];
  for (const file of files) {
    const row = results.locator(`[data-result="${file}"]`);
    await expect(row).toContainText("Opened");
    await expect(row.getByRole("link", { name: /^PR #\d+ to 1\.2\.0$/ })).toBeVisible();
  }
  expect((await listPulls(page)).length).toBe(before + 2);
  await expectAccessible(page, { name: `${WORKLOAD} (bulk results)` });

  // Each unit's row now links its open PR, and the selection leaves both out: none is opened twice.
  for (const file of files) {
    const number = (await results.locator(`[data-result="${file}"]`).getByRole("link").textContent())?.match(/^PR #(\d+)/)?.[1];
    const unit = page.getByTestId("estate-units").locator(`tr[data-unit="${file}#terraform.source"]`);
    await expect(unit.getByRole("link", { name: `Upgrade PR #${number} open` })).toHaveAttribute("href", new RegExp(`/${CONSUMER_REPO}/pull/${number}$`));
    await expect(unit).toContainText("(to 1.2.0)");
    await expect(unit.getByRole("checkbox")).toHaveCount(0);
    await expect(unit.getByRole("button", { name: /^Open upgrade PR/ })).toHaveCount(0);
  }
  await expect(page.getByRole("checkbox", { name: "Select every upgradable sqs-queue unit" })).toHaveCount(0);
  await expect(page.getByTestId("bulk-upgrade").locator("option", { hasText: "sqs-queue" })).toHaveCount(0);
  expect((await listPulls(page)).length).toBe(before + 2);
});

test("alice upgrades vpc dev first and fills in the new required input before the PR opens", async ({ page }) => {
  test.setTimeout(300_000);
  await signInAs(page, "alice", WORKLOAD);
  await openUnits(page, "vpc", 3);
  await page.getByRole("checkbox", { name: "Select every upgradable vpc unit" }).check();
  await page.getByTestId("bulk-upgrade").getByRole("button", { name: "Upgrade dev first" }).click();

  const results = page.getByTestId("bulk-results");
  await expect(results.locator('[data-result="dev/eu-west-1/vpc/terragrunt.hcl"]')).toContainText("Needs inputs");
  for (const env of ["stage", "prod"]) await expect(results.locator(`[data-result="${env}/eu-west-1/vpc/terragrunt.hcl"]`)).toContainText("Held for promotion");
  const before = (await listPulls(page)).length;

  await results.getByRole("link", { name: "Fill in subnets" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Upgrade vpc to 2.0.0" })).toBeVisible();
  await expect(page.getByText("dev/eu-west-1/vpc/terragrunt.hcl: 1.2.0 → 2.0.0", { exact: false })).toBeVisible();
  await expectAccessible(page, { name: "/workloads/payments/upgrade", phone: true });

  // Only the new required input is asked for; nothing opens until it is filled in.
  await expect(page.locator("#field-name")).toHaveCount(0);
  await page.getByRole("button", { name: "Open upgrade PR", exact: true }).click();
  await expect(page.getByTestId("error-summary")).toContainText("Subnets");
  await expectAccessible(page, { name: "/workloads/payments/upgrade (errors)" });
  expect((await listPulls(page)).length).toBe(before);

  await page.getByRole("button", { name: "Add subnet", exact: true }).click();
  await page.getByRole("group", { name: /^Subnets subnets required/ }).getByLabel(/^Key/).fill("private-a");
  const subnet = page.getByRole("group", { name: "Subnets private-a" });
  await subnet.getByLabel(/^CIDR block cidr_block/).fill("10.10.10.0/24");
  await subnet.getByLabel(/^AZ az/).fill("eu-west-1a");
  await subnet.getByLabel(/^Tier tier/).fill("private");
  await page.getByRole("button", { name: "Open upgrade PR", exact: true }).click();

  const opened = page.getByTestId("upgrade-opened");
  await expect(opened).toContainText("Upgrade PR opened");
  await expect(opened.getByRole("link", { name: "Open the pull request to 2.0.0" })).toBeVisible();
  await expectAccessible(page, { name: "/workloads/payments/upgrade (opened)" });
  const pulls = await listPulls(page);
  expect(pulls.length).toBe(before + 1);

  // The page now says the PR is open, one per unit and version.
  await page.reload();
  await expect(page.getByTestId("upgrade-existing")).toContainText("already open");
});
