import { expect, test } from "@playwright/test";
import { expectAccessible } from "../support/expect-accessible";
import { signInAs } from "../support/sign-in";

const expectations = [
  { user: "alice", name: "Alice Anders", role: "builder", workloads: /Payments \(builder\)/ },
  { user: "bob", name: "Bob Baker", role: "lead", workloads: /Ledger \(lead\), Payments \(lead\)/ },
  { user: "carol", name: "Carol Chen", role: "admin", workloads: /All \(platform admin\)/ },
  { user: "dave", name: "Dave Diaz", role: "builder", workloads: /None yet/ },
] as const;

test.describe("sign-in by role", () => {
  for (const expected of expectations) {
    test(`${expected.user} signs in as ${expected.role}`, async ({ page }) => {
      await signInAs(page, expected.user);
      await expect(page.getByTestId("user-name")).toHaveText(expected.name);
      await expect(page.getByTestId("user-role")).toHaveText(expected.role);
      await expect(page.getByTestId("home-workloads")).toHaveText(expected.workloads);
      const nav = page.getByRole("navigation", { name: "Sections" });
      for (const section of ["Catalogue", "Workloads", "Accounts", "Approvals", "Estate"]) {
        await expect(nav.getByRole("link", { name: section })).toBeVisible();
      }
      await expect(nav.getByRole("link", { name: "Admin" })).toHaveCount(expected.role === "admin" ? 1 : 0);
      await expectAccessible(page, { name: `home (${expected.user})`, phone: expected.user === "alice" });
    });
  }
});

test("an anonymous visitor is sent to sign in", async ({ page }) => {
  await page.goto("/workloads");
  await expect(page).toHaveURL(/\/signin/);
  await expect(page.getByRole("heading", { name: "Sign in to Bulkhead" })).toBeVisible();
  await expectAccessible(page, { name: "/signin", phone: true });
});

test("a builder is refused on the admin page with a 403", async ({ page }) => {
  await signInAs(page, "alice");
  const response = await page.goto("/admin");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();
  await expectAccessible(page, { name: "403 page" });
  await expect(page.getByTestId("audit-log")).toHaveCount(0);
  const api = await page.request.get("/api/audit");
  expect(api.status()).toBe(403);
  expect((await api.json()).error.code).toBe("FORBIDDEN");
});

test("sign-out ends the session", async ({ page }) => {
  await signInAs(page, "bob");
  await page.getByRole("button", { name: /Bob Baker/ }).click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByText("You have signed out.")).toBeVisible();
  await expectAccessible(page, { name: "/signin (signed out)" });
  await page.goto("/");
  await expect(page).toHaveURL(/\/signin/);
});

test("the audit log records sign-ins and sign-outs", async ({ browser, page }) => {
  const other = await browser.newContext();
  const dave = await other.newPage();
  await signInAs(dave, "dave");
  await dave.getByRole("button", { name: /Dave Diaz/ }).click();
  await dave.getByRole("button", { name: "Sign out" }).click();
  await expect(dave.getByText("You have signed out.")).toBeVisible();
  await other.close();

  await signInAs(page, "carol", "/admin");
  const log = page.getByTestId("audit-log");
  await expect(log.getByRole("row").filter({ hasText: "dave" }).filter({ hasText: "auth.sign_in" }).first()).toBeVisible();
  await expect(log.getByRole("row").filter({ hasText: "dave" }).filter({ hasText: "auth.sign_out" }).first()).toBeVisible();
  await expect(page.getByRole("list").filter({ hasText: "@dave" })).toBeVisible();
  await page.goto("/admin/audit");
  await page.getByLabel("Action", { exact: true }).fill("auth.sign_out");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(log.getByRole("row").filter({ hasText: "dave" }).first()).toBeVisible();
  await expect(log.getByRole("row").filter({ hasText: "auth.sign_in" })).toHaveCount(0);
  await expectAccessible(page, { name: "/admin/audit", phone: true });
});

test("health tells anonymous callers the status only, and admins the database version", async ({ request, page, browser }) => {
  const anonymous = await request.get("/api/health");
  expect(anonymous.status()).toBe(200);
  const body = await anonymous.json();
  expect(body).toEqual({ status: "ok", database: { reachable: true, latencyMs: expect.any(Number) } });
  expect(JSON.stringify(body)).not.toMatch(/PostgreSQL/);

  await signInAs(page, "alice");
  expect((await (await page.request.get("/api/health")).json()).database.version).toBeUndefined();
  const admin = await browser.newContext();
  const carol = await admin.newPage();
  await signInAs(carol, "carol");
  expect((await (await carol.request.get("/api/health")).json()).database.version).toMatch(/PostgreSQL/);
  await admin.close();
});

test("the shell works at phone width", async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 740 });
  await signInAs(page, "alice");
  await expect(page.getByRole("navigation", { name: "Sections" })).toBeHidden();
  await page.getByRole("button", { name: "Open navigation" }).click();
  await expectAccessible(page, { name: "home at 375 px, navigation open" });
  await page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "Workloads" }).click();
  await expect(page).toHaveURL(/\/workloads$/);
  await expect(page.getByRole("row", { name: /Payments/ })).toBeVisible();
  await expectAccessible(page, { name: "/workloads at 375 px" });
});
