import { expect, test } from "@playwright/test";
import { signInAs } from "../support/sign-in";
import { expectAccessible } from "../support/expect-accessible";

test("a session cookie copied before sign-out does not work after it", async ({ browser, page }) => {
  await signInAs(page, "bob");
  const copied = await browser.newContext({ storageState: await page.context().storageState() });
  const thief = await copied.newPage();
  await thief.goto("/");
  await expect(thief.getByTestId("user-name")).toHaveText("Bob Baker");

  await page.getByRole("button", { name: /Bob Baker/ }).click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByText("You have signed out.")).toBeVisible();

  await thief.goto("/workloads");
  await expect(thief).toHaveURL(/\/signin/);
  await expect(thief.getByText("Your session has ended")).toBeVisible();
  await expectAccessible(thief, { name: "/signin (session ended)" });
  const api = await thief.request.get("/api/auth/session");
  expect(await api.json()).toBeNull();
  await copied.close();
});

test("an admin revokes another person's session from the sessions screen", async ({ browser, page }) => {
  const daveContext = await browser.newContext();
  const dave = await daveContext.newPage();
  await signInAs(dave, "dave");

  await signInAs(page, "carol", "/admin/sessions");
  await expect(page.getByRole("heading", { level: 1, name: "Sessions" })).toBeVisible();
  const row = page.getByTestId("session-row").filter({ hasText: "@dave" }).first();
  await expect(row).toBeVisible();
  await expectAccessible(page, { name: "/admin/sessions", phone: true });
  const revoke = row.getByRole("button", { name: /^Revoke session .* of @dave$/ });
  await revoke.click();
  await row.getByRole("button", { name: /^Confirm revoke: Revoke session .* of @dave$/ }).click();
  await expect(page.getByRole("status").filter({ hasText: /of @dave revoked/ })).toBeVisible();
  await expect(page.getByTestId("ended-session-row").filter({ hasText: "@dave" }).first()).toContainText("revoked by @carol");
  await expectAccessible(page, { name: "/admin/sessions (after a revoke)" });

  await dave.goto("/");
  await expect(dave).toHaveURL(/\/signin/);
  await expect(dave.getByText("Your session has ended")).toBeVisible();
  await daveContext.close();

  await page.goto("/admin/audit?action=auth.session_revoke");
  await expect(page.getByTestId("audit-log").getByRole("row").filter({ hasText: "auth.session_revoke" }).first()).toBeVisible();
});

test("a builder cannot open the sessions screen", async ({ page }) => {
  await signInAs(page, "alice");
  const response = await page.goto("/admin/sessions");
  expect(response?.status()).toBe(403);
});
