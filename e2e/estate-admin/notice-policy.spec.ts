import { expect, test } from "@playwright/test";
import { expectAccessible } from "../support/expect-accessible";
import { signInAs } from "../support/sign-in";
import { e2eUrls } from "../support/stack-config";

/*
 * Admin → Estate in the browser: carol finds the notice policy from the admin page, a negative
 * day count and a plain-http webhook are refused beside their fields (nothing saved), a valid
 * policy and an https webhook save and say what happened to open notices, and the webhook's
 * secret path never comes back to the page. Builders cannot open the screen. A workload's lead
 * turns GitHub issues on, and the delivery job opens the notices' issues on its repo.
 */

test("carol edits the notice policy and the chat webhook, with field errors from the server", async ({ page, browser }) => {
  // Four accessibility passes (light, dark, 390 px) on a shared 2-core machine.
  test.setTimeout(180_000);
  await signInAs(page, "carol", "/admin");
  await page.getByRole("link", { name: "Estate policy" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Estate policy" })).toBeVisible();
  await expect(page.getByLabel("Major upgrades")).toHaveValue("90");
  await expect(page.getByLabel("Minor upgrades")).toHaveValue("60");
  await expect(page.getByLabel("Patch upgrades")).toHaveValue("30");
  await expect(page.getByLabel("Vulnerable versions")).toHaveValue("7");
  await expect(page.getByLabel("Due soon window")).toHaveValue("7");
  await expectAccessible(page, { name: "/admin/estate", phone: true });

  // Refused by the server, each beside its field; nothing is saved.
  await page.getByLabel("Major upgrades").fill("-5");
  await page.getByRole("button", { name: "Save policy" }).click();
  await expect(page.getByTestId("error-summary")).toBeVisible();
  await expect(page.getByLabel("Major upgrades")).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#estate-major-error")).toContainText("cannot be negative");
  await expectAccessible(page, { name: "/admin/estate with errors", phone: true });

  await page.getByLabel("Major upgrades").fill("120");
  await page.getByLabel("Webhook URL").fill("http://hooks.example.com/services/T1/B1/plain");
  await page.getByRole("button", { name: "Save policy" }).click();
  await expect(page.locator("#estate-chatWebhookUrl-error")).toContainText("must use https");
  await page.reload();
  await expect(page.getByLabel("Major upgrades")).toHaveValue("90");

  await page.getByLabel("Major upgrades").fill("120");
  await page.getByLabel("Webhook URL").fill("https://hooks.example.com/services/T1/B1/e2e-secret");
  await page.getByRole("button", { name: "Save policy" }).click();
  await expect(page.getByTestId("estate-settings-message")).toContainText("Saved.");
  await expect(page.getByTestId("chat-webhook-current")).toContainText("Posting to https://hooks.example.com");
  await page.reload();
  await expect(page.getByLabel("Major upgrades")).toHaveValue("120");
  expect(await page.content()).not.toContain("e2e-secret");
  await expectAccessible(page, { name: "/admin/estate saved" });

  // Put the defaults back (and the webhook away) for the journeys that follow.
  await page.getByLabel("Major upgrades").fill("90");
  await page.getByLabel("Remove the chat webhook").check();
  await page.getByRole("button", { name: "Save policy" }).click();
  await expect(page.getByTestId("estate-settings-message")).toContainText("Saved.");
  await expect(page.getByTestId("chat-webhook-current")).toContainText("No chat webhook");

  const context = await browser.newContext();
  const alicePage = await context.newPage();
  await signInAs(alicePage, "alice", "/");
  const response = await alicePage.goto("/admin/estate");
  expect(response?.status()).toBe(403);
  await context.close();
});

test("bob turns GitHub issues on for payments: its notices open issues on the consumer repo; alice sees the switch's state only", async ({ page, browser }) => {
  test.setTimeout(180_000);
  const issues = async () => {
    const response = await fetch(`${e2eUrls.github}/__emulator/issues?repo=acme-platform/payments-infra`);
    expect(response.ok).toBe(true);
    return (await response.json()) as Array<{ title: string; body: string; state: string; labels: string[] }>;
  };
  await signInAs(page, "bob", "/workloads/payments");
  await expect(page.getByTestId("notice-issues-state")).toContainText("Off");
  await page.getByRole("button", { name: "Turn GitHub issues on" }).click();
  await expect(page.getByTestId("notice-issues-state")).toContainText("On");
  await expectAccessible(page, { name: "/workloads/payments with GitHub issues on", phone: true });
  // The delivery job (queued by the switch) opens one issue per open notice, marked and labelled.
  await expect.poll(async () => (await issues()).length, { timeout: 60_000 }).toBeGreaterThan(0);
  for (const issue of await issues()) {
    expect(issue.body).toMatch(/^<!-- bulkhead-notice:[0-9a-f-]{36} -->/);
    expect(issue.labels).toContain("bulkhead-notice");
  }

  const context = await browser.newContext();
  const alicePage = await context.newPage();
  await signInAs(alicePage, "alice", "/workloads/payments");
  await expect(alicePage.getByTestId("notice-issues-state")).toContainText("On");
  await expect(alicePage.getByRole("button", { name: /Turn GitHub issues/ })).toHaveCount(0);
  await context.close();

  await page.getByRole("button", { name: "Turn GitHub issues off" }).click();
  await expect(page.getByTestId("notice-issues-state")).toContainText("Off");
});
