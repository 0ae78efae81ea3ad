import { expect, test, type Page } from "@playwright/test";
import { e2eUrls } from "../support/stack-config";
import { expectAccessible } from "../support/expect-accessible";
import { signInAs } from "../support/sign-in";

/*
 * Issues 8 and 12: a module version flagged vulnerable is scaffolded or promoted only after the
 * builder has read its advisory and confirmed, and into prod only by a platform admin. carol
 * flags sqs-queue 1.1.1; alice sees the advisory, must tick the box, and gets her PR in dev;
 * prod is closed to her, in the form and at the API; carol can. The flag is lifted at the end.
 */

test.describe.configure({ mode: "serial" });

const SQS = "/catalogue/acme-platform/iac-modules/sqs-queue";
const VULNERABLE = "1.1.1";
const ADVISORY = "Dead-letter messages are kept unencrypted.";
const ADVISORY_URL = "https://www.cve.org/CVERecord?id=CVE-2026-5150";
const CONSUMER_REPO = "acme-platform/payments-infra";
const SCAFFOLD_VULNERABLE = `/scaffold/new?source=acme-platform/iac-modules&module=sqs-queue&version=${VULNERABLE}`;

async function openSqsModulePage(page: Page): Promise<void> {
  // The stack's background sync fills the catalogue: wait until the module page has the version.
  await expect(async () => {
    await page.goto(SQS);
    await expect(page.locator(`[data-testid="module-version"][data-version="${VULNERABLE}"]`)).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 120_000, intervals: [1_000, 2_000, 3_000] });
}

/** Opens the scaffold form of the vulnerable version (the older link form redirects to ?versionId=). */
async function openScaffoldForm(page: Page): Promise<void> {
  await page.goto(SCAFFOLD_VULNERABLE);
  await expect(page).toHaveURL(/\/scaffold\/new\?versionId=/);
  await expect(page.getByRole("heading", { level: 1, name: `Scaffold sqs-queue ${VULNERABLE}` })).toBeVisible();
}

const listPulls = async (page: Page) => (await (await page.request.get(`${e2eUrls.github}/__emulator/pulls?repo=${CONSUMER_REPO}`)).json()) as unknown[];

test("carol flags sqs-queue 1.1.1 vulnerable", async ({ page }) => {
  test.setTimeout(180_000);
  await signInAs(page, "carol", "/catalogue");
  await openSqsModulePage(page);
  const row = page.locator(`[data-testid="module-version"][data-version="${VULNERABLE}"]`);
  await row.getByRole("button", { name: `Change status of ${VULNERABLE}` }).click();
  const flag = row.getByRole("form", { name: `Change the status of ${VULNERABLE}` });
  await flag.getByLabel("Action").selectOption("flag-vulnerable");
  await flag.getByLabel("Severity").selectOption("critical");
  await flag.getByLabel("Advisory", { exact: true }).fill(ADVISORY);
  await flag.getByLabel(/Advisory link/).fill(ADVISORY_URL);
  await flag.getByLabel("Fixed in").selectOption("1.2.0");
  await flag.getByRole("button", { name: `Flag ${VULNERABLE} vulnerable` }).click();
  await expect(flag.getByRole("status")).toHaveText(`Saved: ${VULNERABLE} is flagged vulnerable.`);
});

test("alice sees the advisory, must confirm, gets her PR in dev, and is refused prod", async ({ page }) => {
  test.setTimeout(180_000);
  await signInAs(page, "alice");
  await openScaffoldForm(page);

  // The advisory: severity, text, link, and the fixing version offered instead.
  const advisory = page.getByTestId("vulnerability-advisory");
  await expect(advisory).toContainText(`sqs-queue ${VULNERABLE} is flagged vulnerable (critical severity)`);
  await expect(advisory).toContainText(ADVISORY);
  await expect(advisory.getByRole("link", { name: /^Read the advisory/ })).toHaveAttribute("href", ADVISORY_URL);
  await expect(page.getByTestId("vulnerability-fixed-in")).toContainText("Fixed in 1.2.0.");
  await expect(advisory.getByRole("link", { name: "Use sqs-queue 1.2.0 instead" })).toHaveAttribute("href", /\/scaffold\/new\?versionId=[0-9a-f-]{36}/);

  // prod is offered but disabled, with the reason.
  await expect(page.getByLabel("Environment").locator('option[value="prod"]')).toBeDisabled();
  await expect(page.getByTestId("vulnerable-prod-note")).toContainText("only a platform admin may put it into prod");
  await expectAccessible(page, { name: "/scaffold/new (vulnerable version)", phone: true });

  // The API says the same to a direct post: no confirmation → 422; prod, even confirmed → 403.
  const versionId = new URL(page.url()).searchParams.get("versionId");
  const pullsBefore = (await listPulls(page)).length;
  const post = (extra: Record<string, unknown>) =>
    page.request.post("/api/scaffolds", {
      data: { workload: "payments", moduleVersionId: versionId, env: "dev", region: "eu-west-1", unitName: "vuln-api", values: { name: "payments-vuln-api" }, idempotencyKey: `e2e-vuln-${Date.now()}-${Math.random()}`, ...extra },
    });
  const unconfirmed = await post({});
  expect(unconfirmed.status()).toBe(422);
  expect((await unconfirmed.json()).error.message).toContain(`sqs-queue ${VULNERABLE} is flagged vulnerable (critical severity): ${ADVISORY}`);
  const prod = await post({ env: "prod", acknowledgeVulnerability: true });
  expect(prod.status()).toBe(403);
  expect((await prod.json()).error.message).toContain("Only a platform admin may put a vulnerable version into prod: pick 1.2.0");
  expect((await listPulls(page)).length).toBe(pullsBefore);

  // The form: preview without the tick is refused next to the checkbox.
  await page.getByLabel("Environment").selectOption("dev");
  await page.getByLabel("Region").selectOption("eu-west-1");
  await page.getByLabel("Unit name").fill("audit-queue");
  await page.locator("#field-name").fill("payments-audit");
  await page.getByRole("button", { name: "Preview", exact: true }).click();
  const checkbox = page.getByRole("checkbox", { name: `I have read the advisory and want to use sqs-queue ${VULNERABLE} anyway` });
  await expect(checkbox).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByTestId("error-summary")).toContainText(`Vulnerable version: Confirm that you have read the advisory of sqs-queue ${VULNERABLE}`);
  await expect(page.getByTestId("scaffold-preview")).toHaveCount(0);
  await expectAccessible(page, { name: "/scaffold/new (vulnerable, not confirmed)" });

  // Ticked: preview, then the PR.
  await checkbox.check();
  await page.getByRole("button", { name: "Preview", exact: true }).click();
  const preview = page.getByTestId("scaffold-preview");
  await expect(preview).toBeVisible({ timeout: 20_000 });
  await expect(preview).toContainText(`?ref=sqs-queue/v${VULNERABLE}`);
  await page.getByRole("button", { name: "Create pull request" }).click();
  await expect(page).toHaveURL(/\/scaffold\/[0-9a-f-]{36}$/, { timeout: 30_000 });
  await expect(page.getByTestId("scaffold-state")).toHaveAttribute("data-state", "pr_open");
  expect((await listPulls(page)).length).toBe(pullsBefore + 1);
});

test("the promotion form shows the advisory, and closes prod to alice with the fixed version offered", async ({ page }) => {
  test.setTimeout(120_000);
  await signInAs(page, "alice");
  await page.goto(`/workloads/payments/promote?unit=${encodeURIComponent("stage/eu-west-1/orders-queue/terragrunt.hcl")}`);
  await expect(page.getByRole("heading", { level: 1, name: "Promote orders-queue to prod" })).toBeVisible();
  await page.getByLabel("Module version").selectOption({ label: `${VULNERABLE} (vulnerable)` });
  const card = page.getByTestId("vulnerable-version");
  await expect(card.getByTestId("vulnerability-advisory")).toContainText(`sqs-queue ${VULNERABLE} is flagged vulnerable (critical severity)`);
  await expect(card.getByTestId("vulnerable-prod-note")).toContainText("Only a platform admin may promote a vulnerable version to prod");
  await expect(page.getByRole("button", { name: "Review promotion" })).toBeDisabled();
  await expect(card.getByRole("checkbox")).toHaveCount(0);
  await expectAccessible(page, { name: "promote page (vulnerable version, prod)", phone: true });
  await card.getByRole("button", { name: "Promote with 1.2.0 instead" }).click();
  await expect(page.getByLabel("Module version")).toHaveValue(/[0-9a-f-]{36}/);
  await expect(page.getByTestId("vulnerable-version")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Review promotion" })).toBeEnabled();
});

test("carol, an admin, scaffolds the vulnerable version into prod after confirming, then lifts the flag", async ({ page }) => {
  test.setTimeout(180_000);
  await signInAs(page, "carol");
  await openScaffoldForm(page);
  await expect(page.getByLabel("Environment").locator('option[value="prod"]')).toBeEnabled();
  await expect(page.getByTestId("vulnerable-prod-note")).toHaveCount(0);
  await page.getByLabel("Workload").selectOption("payments");
  await page.getByLabel("Environment").selectOption("prod");
  await page.getByLabel("Region").selectOption("eu-west-1");
  await page.getByLabel("Unit name").fill("audit-queue");
  await page.locator("#field-name").fill("payments-audit-prod");
  await page.getByRole("checkbox", { name: `I have read the advisory and want to use sqs-queue ${VULNERABLE} anyway` }).check();
  await page.getByRole("button", { name: "Preview", exact: true }).click();
  await expect(page.getByTestId("preview-unit-path")).toHaveText("prod/eu-west-1/audit-queue/terragrunt.hcl", { timeout: 20_000 });
  await page.getByRole("button", { name: "Create pull request" }).click();
  await expect(page).toHaveURL(/\/scaffold\/[0-9a-f-]{36}$/, { timeout: 30_000 });
  await expect(page.getByTestId("scaffold-state")).toHaveAttribute("data-state", "pr_open");

  // The audit log has both confirmations, carol's as an admin override.
  const audit = await page.request.get("/api/audit?action=scaffold.vulnerability_acknowledged");
  expect(audit.ok(), await audit.text()).toBe(true);
  const events = JSON.stringify(await audit.json());
  expect(events).toContain('"adminOverride":true');
  expect(events).toContain('"adminOverride":false');

  // Lift the flag, so later journeys see sqs-queue as it was.
  await page.goto("/admin/catalogue");
  await page.getByTestId("flagged-versions").getByRole("button", { name: `Reactivate sqs-queue ${VULNERABLE}` }).click();
  await expect(page.getByTestId("flagged-versions").getByRole("button", { name: `Reactivate sqs-queue ${VULNERABLE}` })).toHaveCount(0);
});
