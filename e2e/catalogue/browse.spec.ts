import { expect, test, type Page } from "@playwright/test";
import { expectAccessible } from "../support/expect-accessible";
import { signInAs } from "../support/sign-in";

// The stack syncs the seeded module sources in the background right after start-up, so the
// first test may have to wait for acme-platform/iac-modules to be ingested.
async function waitForVpcModule(page: Page): Promise<void> {
  await expect
    .poll(
      async () => {
        const response = await page.request.get("/api/catalogue/modules?q=vpc&source=acme-platform%2Fiac-modules");
        if (!response.ok()) return `HTTP ${response.status()}`;
        const body = (await response.json()) as { items: Array<{ name: string; versionCount: number }> };
        const vpc = body.items.find((item) => item.name === "vpc");
        return vpc ? vpc.versionCount : 0;
      },
      { timeout: 90_000, intervals: [1_000, 2_000, 3_000], message: "the vpc module (4 versions) should be synced" },
    )
    .toBe(4);
}

test.use({ permissions: ["clipboard-read", "clipboard-write"] });

test.beforeEach(async ({ page }, testInfo) => {
  testInfo.setTimeout(testInfo.timeout + 90_000);
  await signInAs(page, "alice", "/catalogue");
  await waitForVpcModule(page);
});

test("search as you type keeps the query in the URL and filters narrow the list", async ({ page }) => {
  await page.goto("/catalogue");
  const results = page.getByTestId("catalogue-results");
  await expect(results.getByRole("link", { name: "s3-bucket" })).toBeVisible();
  await expectAccessible(page, { name: "/catalogue", phone: true });

  await page.getByRole("searchbox", { name: "Search" }).pressSequentially("vp", { delay: 40 });
  await expect(page).toHaveURL(/[?&]q=vp(&|$)/);
  await expect(results.getByRole("link", { name: "vpc", exact: true })).toBeVisible();
  await expect(results.getByRole("link", { name: "s3-bucket" })).toHaveCount(0);

  await page.getByLabel("Category").selectOption("networking");
  await expect(page).toHaveURL(/category=networking/);
  await expect(results.getByRole("link", { name: "vpc", exact: true })).toBeVisible();

  // A reload comes back to the same state from the URL alone.
  await page.reload();
  await expect(page.getByRole("searchbox", { name: "Search" })).toHaveValue("vp");
  await expect(page.getByLabel("Category")).toHaveValue("networking");

  await page.getByRole("searchbox", { name: "Search" }).fill("qqqnomatchqqq");
  await expect(page.getByRole("heading", { name: "No modules match" })).toBeVisible();
  await expectAccessible(page, { name: "/catalogue (no match)" });
  await page.getByRole("button", { name: "Clear filters" }).last().click();
  await expect(results.getByRole("link", { name: "s3-bucket" })).toBeVisible();
  await expect(page).toHaveURL(/\/catalogue$/);
});

test("open a module, switch version, compare versions and copy a snippet", async ({ page }) => {
  await page.goto("/catalogue?q=vpc");
  await page.getByTestId("catalogue-results").getByRole("link", { name: "vpc", exact: true }).click();
  await expect(page).toHaveURL(/\/catalogue\/acme-platform\/iac-modules\/vpc$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("vpc");
  await expect(page.getByTestId("selected-version")).toHaveText("v2.0.0");
  await expect(page.getByTestId("readme")).toContainText("The Acme Platform baseline network");
  const inputs = page.getByTestId("inputs-table");
  await expect(inputs.getByRole("rowheader", { name: /^subnets/ })).toBeVisible();
  await expect(inputs.getByRole("rowheader", { name: /^azs/ })).toHaveCount(0);

  // Default comparison: the previous version (1.2.0) → this one (2.0.0).
  const diff = page.getByTestId("version-diff");
  await expect(page.getByTestId("compare-from")).toHaveValue("1.2.0");
  await expect(diff.getByTestId("diff-inputs").locator('[data-change="added"]', { hasText: "subnets" })).toBeVisible();
  await expect(diff.getByTestId("diff-inputs").locator('[data-change="removed"]', { hasText: "azs" })).toBeVisible();
  await expect(diff.getByRole("note", { name: "Breaking changes" })).toContainText('Removed input "azs"');
  await expect(diff.getByTestId("diff-changelog")).toContainText("nat_gateway_mode");
  await expectAccessible(page, { name: "module page", phone: true });

  // Any two versions: 1.0.0 → 1.1.0 added flow_logs and enable_dns_hostnames.
  await page.getByTestId("compare-to").selectOption("1.1.0");
  await expect(page).toHaveURL(/to=1\.1\.0/);
  await expect(diff).toContainText("Comparing 1.2.0 with 1.1.0");
  await page.getByTestId("compare-from").selectOption("1.0.0");
  await expect(page).toHaveURL(/from=1\.0\.0&to=1\.1\.0/);
  await expect(diff).toContainText("Comparing 1.0.0 with 1.1.0");
  await expect(diff.getByTestId("diff-inputs").locator('[data-change="added"]', { hasText: "flow_logs" })).toBeVisible();
  await expect(diff.getByTestId("diff-inputs").locator('[data-change="added"]', { hasText: "enable_dns_hostnames" })).toBeVisible();
  await expect(diff.getByTestId("diff-inputs").locator('[data-change="removed"]')).toHaveCount(0);

  // Switch the docs to an older version.
  await page.getByTestId("version-switcher").selectOption("1.2.0");
  await expect(page).toHaveURL(/version=1\.2\.0/);
  await expect(page.getByTestId("selected-version")).toHaveText("v1.2.0");
  await expect(inputs.getByRole("rowheader", { name: /^azs/ })).toBeVisible();
  await expect(page.getByTestId("version-notice")).toContainText("The recommended version is 2.0.0");
  await expectAccessible(page, { name: "module page (older version)" });

  // Copy the Terragrunt unit of 1.2.0 and read it back from the clipboard.
  await page.getByRole("button", { name: "Copy the Terragrunt unit (terragrunt.hcl)" }).click();
  await expect(page.getByTestId("snippet-terragrunt").getByRole("button", { name: /Copy the Terragrunt/ })).toHaveText("Copied");
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain('include "root" {');
  expect(copied).toMatch(/^terraform \{\n {2}source = "git::http:\/\/[^"]+\/acme-platform\/iac-modules\.git\/\/modules\/vpc\?ref=vpc\/v1\.2\.0"\n\}$/m);
  expect(copied).toContain("?ref=");

  const useLink = page.getByRole("link", { name: "Use this module" });
  await expect(useLink).toHaveAttribute("href", /\/scaffold\/new\?versionId=[0-9a-f-]{36}$/);
  // The link carries the id of the version shown (1.2.0), so the scaffold form opens on it.
  await useLink.click();
  await expect(page.getByRole("heading", { level: 1, name: /^Scaffold vpc 1\.2\.0/ })).toBeVisible();
  await expectAccessible(page, { name: "/scaffold/new", phone: true });
});

test("unknown modules and versions are 404s", async ({ page }) => {
  expect((await page.goto("/catalogue/acme-platform/iac-modules/no-such-module"))?.status()).toBe(404);
  await expectAccessible(page, { name: "404 page" });
  expect((await page.goto("/catalogue/acme-platform/iac-modules/vpc?version=9.9.9"))?.status()).toBe(404);
  const api = await page.request.get("/api/catalogue/modules/acme-platform/iac-modules/vpc?version=9.9.9");
  expect(api.status()).toBe(404);
});
