import { expect, test, type Browser, type Page } from "@playwright/test";
import { expectAccessible } from "../support/expect-accessible";
import { signInAs, type DemoUser } from "../support/sign-in";
import { e2eUrls } from "../support/stack-config";

/*
 * Account vending in the browser: bob (lead of payments) requests a set for a new workload,
 * cannot approve it himself, carol (admin) approves, the status reaches vended while the page
 * polls, both pull requests and the generated consumer repo exist, and bob now leads the new
 * workload. A rejected request shows bob carol's reason.
 */

const ORG = "acme-platform";

async function as(browser: Browser, user: DemoUser, next = "/"): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInAs(page, user, next);
  return page;
}

async function pulls(repo: string): Promise<Array<{ number: number; headRef: string; title: string; labels: string[] }>> {
  const response = await fetch(`${e2eUrls.github}/__emulator/pulls?repo=${ORG}/${repo}`);
  expect(response.ok).toBe(true);
  return (await response.json()) as Array<{ number: number; headRef: string; title: string; labels: string[] }>;
}

/**
 * Fills bob's request for a new workload; the names, emails and OUs are the derived defaults.
 * With `check`, axe checks the pages on the way (light, dark and 390 px).
 */
async function requestNewWorkload(page: Page, name: string, options: { tier?: string; check?: boolean } = {}): Promise<string> {
  await page.goto("/accounts");
  if (options.check) await expectAccessible(page, { name: "/accounts", phone: true });
  await page.getByRole("link", { name: "Request accounts" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Request accounts" })).toBeVisible();
  if (options.check) await expectAccessible(page, { name: "/accounts/request", phone: true });
  await page.getByLabel("New workload").check();
  await page.getByLabel("Workload name").fill(name);
  const slug = name.toLowerCase();
  await expect(page.getByLabel("Slug")).toHaveValue(slug);
  await page.getByLabel("Owning team").selectOption("payments");
  if (options.tier) await page.getByLabel("Tier", { exact: true }).selectOption(options.tier);
  await expect(page.getByLabel("Account name (dev)")).toHaveValue(`${slug}-dev`);
  await expect(page.getByLabel("Root email (dev)")).toHaveValue(`aws+${slug}-dev@acme.example`);
  await expect(page.getByLabel("OU (dev)")).toHaveValue("NonProd (ou-7hq2-4nj7c1ye)");

  // A cost code the policy refuses shows its error beside the field, and nothing is stored.
  await page.getByLabel("CostCode").fill("12");
  await page.getByLabel("Owner").fill("bob@acme.example");
  await page.getByLabel("DataClassification").selectOption("internal");
  await page.getByRole("button", { name: "Submit request" }).click();
  await expect(page.getByTestId("error-summary")).toBeVisible();
  await expect(page.getByLabel("CostCode")).toHaveAttribute("aria-invalid", "true");
  // The pattern is matched by the server (RE2) only; its field error lands beside the field.
  await expect(page.locator("#vend-tags-CostCode-error")).toContainText("CostCode must match");
  if (options.check) await expectAccessible(page, { name: "/accounts/request with errors", phone: true });

  await page.getByLabel("CostCode").fill("CC-1234");
  await page.getByLabel("Reason (optional)").fill(`Accounts for ${name}`);
  await page.getByRole("button", { name: "Submit request" }).click();
  await expect(page).toHaveURL(/\/accounts\/requests\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("set-state")).toHaveAttribute("data-state", "requested");
  return page.url().split("/").at(-1)!;
}

test("bob requests a set for a new workload, carol approves it, and it is vended and wired", async ({ browser }) => {
  // The vend itself may take 3 minutes on a loaded machine, and axe checks six pages three times each.
  test.setTimeout(360_000);
  const bob = await as(browser, "bob", "/accounts");
  const id = await requestNewWorkload(bob, "Orders", { check: true });
  await expect(bob.getByTestId("account-dev")).toContainText("orders-dev");
  await expect(bob.getByTestId("account-prod")).toContainText("Prod (ou-7hq2-8pz3k5du)");

  // Bob cannot approve his own request: no buttons, a reason instead, here and in the queue.
  await expect(bob.getByTestId("decide-blocked")).toHaveText("Only platform admins can approve or reject requests.");
  await expect(bob.getByRole("button", { name: "Approve" })).toHaveCount(0);
  await expectAccessible(bob, { name: "account set request (waiting)", phone: true });
  await bob.goto("/approvals");
  const own = bob.getByTestId("approval").filter({ hasText: "Orders" });
  await expect(own).toBeVisible();
  await expect(own.getByRole("button", { name: "Approve" })).toHaveCount(0);
  // Nor through the API the page's action calls.
  const refused = await bob.request.post(`/api/account-sets/${id}/decision`, { data: { decision: "approve" } });
  expect(refused.status()).toBe(403);

  // Carol approves from the queue, after reading the warnings.
  const carol = await as(browser, "carol", "/approvals");
  const card = carol.getByTestId("approval").filter({ hasText: "Orders" });
  await expect(card.getByTestId("approval-warnings")).toContainText("No account has CostCode = CC-1234 yet");
  await expectAccessible(carol, { name: "/approvals", phone: true });
  await card.getByLabel("Reason").fill("Within budget");
  await card.getByRole("button", { name: "Approve" }).click();
  await expect(async () => {
    const response = await carol.request.get(`/api/account-sets/${id}`);
    expect(((await response.json()) as { state: string }).state).not.toBe("requested");
  }).toPass({ timeout: 20_000 });

  // Bob's page follows the vend live (it polls) until every account is vended and wired.
  await bob.goto(`/accounts/requests/${id}`);
  await expect(bob.getByTestId("decision")).toContainText("Approved by Carol");
  await expect(bob.getByTestId("set-state")).toHaveAttribute("data-state", "vended", { timeout: 180_000 });
  for (const env of ["dev", "stage", "prod"]) await expect(bob.getByTestId(`account-id-${env}`)).toHaveText(/^\d{12}$/);
  await expect(bob.getByTestId("timeline")).toContainText("Tags read back and verified");
  await expectAccessible(bob, { name: "account set request (vended)", phone: true });

  // Both pull requests, once each, linked from the page.
  const provider = (await pulls("aws-accounts")).filter((p) => p.headRef === `bulkhead/accounts-${id}`);
  expect(provider).toHaveLength(1);
  expect(provider[0]!.labels).toContain("account-vending");
  const consumer = await pulls("orders-infra");
  expect(consumer).toHaveLength(1);
  await expect(bob.getByTestId("provider-pr-link")).toHaveAttribute("href", new RegExp(`/${ORG}/aws-accounts/pull/${provider[0]!.number}$`));
  await expect(bob.getByTestId("consumer-pr-link")).toHaveAttribute("href", new RegExp(`/${ORG}/orders-infra/pull/1$`));
  await expect(bob.getByTestId("consumer-repo")).toHaveText(`${ORG}/orders-infra`);

  // The new workload exists with its generated consumer repo, and bob leads it.
  await bob.goto("/workloads");
  // By link target, not name: the register-workload journey also makes an "Orders" (with another slug).
  const row = bob.getByRole("row").filter({ has: bob.locator('a[href="/workloads/orders"]') });
  await expect(row).toContainText(`${ORG}/orders-infra`);
  await expect(row).toContainText("lead");

  // The accounts page lists the vended accounts with their workload.
  await bob.goto("/accounts?q=orders");
  await expect(bob.getByTestId("account-row")).toHaveCount(3);
  await expectAccessible(bob, { name: "/accounts (filtered)", phone: true });
});

test("a rejected request shows bob the reason", async ({ browser }) => {
  test.setTimeout(120_000);
  const bob = await as(browser, "bob", "/accounts");
  const id = await requestNewWorkload(bob, "Search", { tier: "3" });
  const carol = await as(browser, "carol", `/accounts/requests/${id}`);
  await carol.getByRole("button", { name: "Reject" }).click();
  await expect(carol.getByLabel("Reason")).toHaveAttribute("aria-invalid", "true");
  await carol.getByLabel("Reason").fill("Search runs in the payments accounts; ask for a workload there");
  await carol.getByRole("button", { name: "Reject" }).click();
  await expect(carol.getByTestId("set-state")).toHaveAttribute("data-state", "rejected");

  await bob.reload();
  await expect(bob.getByTestId("set-state")).toHaveAttribute("data-state", "rejected");
  await expect(bob.getByTestId("rejection")).toContainText("Search runs in the payments accounts; ask for a workload there");
  await expect(bob.getByTestId("decision")).toContainText("Rejected by Carol");
  await expectAccessible(bob, { name: "account set request (rejected)", phone: true });
});

test("carol keeps the tag policy and vending settings under Admin → Vending", async ({ browser }) => {
  const carol = await as(browser, "carol", "/admin/vending");
  await expect(carol.getByRole("heading", { level: 1, name: "Vending" })).toBeVisible();
  const costCode = carol.getByRole("region", { name: "Tag key CostCode" });
  await expect(costCode.getByLabel("Pattern")).toHaveValue("^CC-[0-9]{4}$");
  await expect(carol.getByLabel("Provider repo", { exact: true })).toHaveValue("aws-accounts");
  await expect(carol.getByLabel("Consumer template repo")).toHaveValue("consumer-template");
  await expectAccessible(carol, { name: "/admin/vending", phone: true });

  // A broken pattern is refused at its field; a good save makes a new, audited version.
  await costCode.getByLabel("Pattern").fill("CC-[0-9");
  await carol.getByRole("button", { name: "Save the tag policy" }).click();
  await expect(costCode.getByLabel("Pattern")).toHaveAttribute("aria-invalid", "true");
  // Light only: the error state adds a summary and field messages in tokens the full check above covered in both themes.
  await expectAccessible(carol, { name: "/admin/vending with errors", schemes: ["light"] });
  await costCode.getByLabel("Pattern").fill("^CC-[0-9]{4,5}$");
  await carol.getByLabel("What changed (for the audit log)").fill("five-digit cost codes");
  await carol.getByRole("button", { name: "Save the tag policy" }).click();
  await expect(carol.getByText(/Version 2, saved by/)).toBeVisible();
});
