import { expect, test, type Page } from "@playwright/test";
import { expectAccessible } from "../support/expect-accessible";
import { signInAs } from "../support/sign-in";
import { e2eUrls } from "../support/stack-config";

/*
 * The module page as a builder coming from HCP Terraform's registry or Backstage expects it:
 * the registry snippet beside the git ones, owners, release dates, who uses each version, and
 * for an admin (carol) deprecate and flag-vulnerable actions per version, which the catalogue
 * filters and the registry's version list then show.
 */

const VPC = "/catalogue/acme-platform/iac-modules/vpc";

async function waitForVpcVersions(page: Page): Promise<void> {
  await expect
    .poll(
      async () => {
        const response = await page.request.get("/api/catalogue/modules?q=vpc&source=acme-platform%2Fiac-modules");
        if (!response.ok()) return `HTTP ${response.status()}`;
        const body = (await response.json()) as { items: Array<{ name: string; versionCount: number; owners: string[] }> };
        const vpc = body.items.find((item) => item.name === "vpc");
        return vpc ? `${vpc.versionCount} ${vpc.owners.join(",")}` : "none";
      },
      { timeout: 120_000, intervals: [1_000, 2_000, 3_000], message: "vpc should be synced, with its owners from CODEOWNERS" },
    )
    .toBe("4 @acme-platform/networking");
}

test.beforeEach(async ({ page }, testInfo) => {
  testInfo.setTimeout(testInfo.timeout + 120_000);
  await signInAs(page, "carol", "/catalogue");
  await waitForVpcVersions(page);
});

test("the module page shows the registry snippet, owners, releases and who uses each version", async ({ page }) => {
  // Record what the payments consumer repo uses (prod on vpc 1.0.0, stage on 1.1.0, dev on 1.2.0)
  // and ledger's (stage on vpc 1.0.0). The worker's start-up scan records the same rows; scanning
  // here makes the page's counts independent of whether it has finished.
  // Payments through the workload page's button (carol is an admin), ledger through the API.
  await page.goto("/workloads/payments");
  await page.getByRole("button", { name: "Scan the repo now" }).click();
  await expect(page.getByTestId("workload-scan-result")).toHaveText(/^Scanned [0-9a-f]{7}: \d+ units, \d+ module references( \(\d+ bring-your-own\))?; .*notice/, { timeout: 30_000 });
  await expectAccessible(page, { name: "workload page (after a manual scan)", phone: true });
  const scan = await page.request.post("/api/workloads/ledger/scan");
  expect(scan.ok(), await scan.text()).toBe(true);

  await page.goto(VPC);
  const registry = page.getByTestId("snippet-registry");
  const host = new URL(e2eUrls.app).host;
  await expect(registry.getByRole("region", { name: "Terraform registry (source and version)" })).toContainText(`source  = "${host}/acme-platform/vpc/aws"`);
  await expect(registry).toContainText('version = "~> 2.0"');
  await expect(page.getByTestId("snippet-terragrunt")).toContainText("?ref=vpc/v2.0.0");
  await expect(page.getByTestId("module-owners")).toContainText("Owned by @acme-platform/networking (from CODEOWNERS)");
  await expect(page.getByTestId("released-at")).toContainText(/released \d{1,2} [A-Z][a-z]{2} \d{4}$/);

  const usedBy = page.getByTestId("used-by");
  for (const [version, env] of [["1.0.0", "prod"], ["1.1.0", "stage"], ["1.2.0", "dev"]] as const) {
    const group = usedBy.locator(`[data-testid="used-by-version"][data-version="${version}"]`);
    await expect(group.getByRole("link", { name: "Payments" })).toHaveAttribute("href", "/workloads/payments");
    await expect(group).toContainText(`${env}/eu-west-1/vpc/terragrunt.hcl`);
  }
  const oldest = usedBy.locator('[data-testid="used-by-version"][data-version="1.0.0"]');
  await expect(oldest.getByRole("link", { name: "Ledger" })).toHaveAttribute("href", "/workloads/ledger");
  await expect(oldest).toContainText("stage/eu-west-1/vpc/terragrunt.hcl");
  await expect(page.locator('[data-testid="module-version"][data-version="1.0.0"]')).toContainText("used by 2 units");
  await expectAccessible(page, { name: "module page (admin, registry snippet and Used by)", phone: true });

  // An older version's registry snippet pins its own minor.
  await page.goto(`${VPC}?version=1.1.0`);
  await expect(page.getByTestId("snippet-registry")).toContainText('version = "~> 1.1"');
});

test("an admin deprecates one version and flags another vulnerable from the module page", async ({ page }) => {
  await page.goto(VPC);
  const v100 = page.locator('[data-testid="module-version"][data-version="1.0.0"]');
  await v100.getByRole("button", { name: "Change status of 1.0.0" }).click();
  const deprecate = v100.getByRole("form", { name: "Change the status of 1.0.0" });
  await deprecate.getByLabel("Action").selectOption("deprecate");
  await deprecate.getByRole("button", { name: "Deprecate 1.0.0" }).click();
  // The error names the field by its label, never by its key.
  await expect(deprecate.getByRole("status")).toHaveText("Reason: Say why, so consumers know what to do.");
  await expectAccessible(page, { name: "module page (status form with an error)" });
  await deprecate.getByLabel("Reason").fill("Use 2.x: subnets replace azs.");
  await deprecate.getByRole("button", { name: "Deprecate 1.0.0" }).click();
  await expect(deprecate.getByRole("status")).toHaveText("Saved: 1.0.0 is deprecated.");
  await expect(v100).toHaveAttribute("data-status", "deprecated");
  await expect(v100).toContainText("Use 2.x: subnets replace azs.");

  const v110 = page.locator('[data-testid="module-version"][data-version="1.1.0"]');
  await v110.getByRole("button", { name: "Change status of 1.1.0" }).click();
  const flag = v110.getByRole("form", { name: "Change the status of 1.1.0" });
  await flag.getByLabel("Action").selectOption("flag-vulnerable");
  await flag.getByLabel("Severity").selectOption("high");
  await flag.getByLabel("Advisory", { exact: true }).fill("Flow logs are written without encryption.");
  await flag.getByLabel(/Advisory link/).fill("https://www.cve.org/CVERecord?id=CVE-2026-4242");
  await flag.getByLabel("Fixed in").selectOption("1.2.0");
  await flag.getByRole("button", { name: "Flag 1.1.0 vulnerable" }).click();
  await expect(flag.getByRole("status")).toHaveText("Saved: 1.1.0 is flagged vulnerable.");
  await expect(v110).toHaveAttribute("data-status", "vulnerable");
  await expect(v110).toContainText("Vulnerable · high");
  await expect(v110.getByRole("link", { name: "Advisory" })).toHaveAttribute("href", "https://www.cve.org/CVERecord?id=CVE-2026-4242");
  await expect(page.getByTestId("version-status-summary")).toContainText("1 flagged vulnerable, 1 deprecated");

  await page.goto(`${VPC}?version=1.1.0`);
  await expect(page.getByTestId("version-notice")).toContainText("Version 1.1.0 is vulnerable (high severity): Flow logs are written without encryption. Fixed in 1.2.0.");

  // The catalogue's filters find the module, and say which modules they keep.
  await page.goto("/catalogue");
  await page.getByRole("radio", { name: "Deprecated" }).check();
  await expect(page).toHaveURL(/status=deprecated/);
  await expect(page.getByRole("radio", { name: "Deprecated" })).toHaveAccessibleDescription("Modules with at least one version deprecated");
  const results = page.getByTestId("catalogue-results");
  await expect(results.getByRole("link", { name: "vpc", exact: true })).toBeVisible();
  await page.getByRole("radio", { name: "Vulnerable" }).check();
  await expect(results.getByRole("link", { name: "vpc", exact: true })).toBeVisible();
  await expect(results.locator("article", { has: page.getByRole("link", { name: "vpc", exact: true }) })).toContainText("1 vulnerable version");
  await expectAccessible(page, { name: "/catalogue (vulnerable filter)" });

  // The registry keeps both (existing users pin them), marked; a broken version is left out.
  const listing = (await (await fetch(`${e2eUrls.app}/v1/modules/acme-platform/vpc/aws/versions`)).json()) as {
    modules: Array<{ versions: Array<{ version: string; status: string; vulnerability?: { severity: string; fixed_in: string } }> }>;
  };
  const byVersion = Object.fromEntries(listing.modules[0]!.versions.map((v) => [v.version, v]));
  expect(byVersion["1.0.0"]).toMatchObject({ status: "deprecated" });
  expect(byVersion["1.1.0"]).toMatchObject({ status: "vulnerable", vulnerability: { severity: "high", fixed_in: "1.2.0" } });
  const sqs = (await (await fetch(`${e2eUrls.app}/v1/modules/acme-platform/sqs-queue/aws/versions`)).json()) as { modules: Array<{ versions: Array<{ version: string }> }> };
  expect(sqs.modules[0]!.versions.map((v) => v.version)).not.toContain("1.1.0");

  // The admin screen lists both, and puts them back.
  await page.goto("/admin/catalogue");
  const flagged = page.getByTestId("flagged-versions");
  await expect(flagged.getByRole("button", { name: "Reactivate vpc 1.1.0" })).toBeVisible();
  await expectAccessible(page, { name: "/admin/catalogue (flagged versions)" });
  for (const label of ["vpc 1.1.0", "vpc 1.0.0"]) {
    await flagged.getByRole("button", { name: `Reactivate ${label}` }).click();
    await expect(flagged.getByRole("button", { name: `Reactivate ${label}` })).toHaveCount(0);
  }
  await page.goto(VPC);
  await expect(page.locator('[data-testid="module-version"][data-version="1.1.0"]')).toHaveAttribute("data-status", "active");
});

test("at 390 px the inputs stack as cards and code blocks scroll inside focusable regions", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(VPC);
  await expect(page.getByTestId("inputs-table")).toBeHidden();
  const cards = page.getByTestId("inputs-cards");
  await expect(cards.getByRole("heading", { name: "subnets" })).toBeVisible();
  await expect(cards.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "nat_gateway_mode" }) })).toContainText("per_az");
  const snippet = page.getByRole("region", { name: "Terragrunt unit (terragrunt.hcl)" });
  await snippet.focus();
  await expect(snippet).toBeFocused();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});
