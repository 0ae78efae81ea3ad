import { expect, test, type Page } from "@playwright/test";
import { signInAs } from "../support/sign-in";
import { chromiumLaunchOptions } from "../support/stack-config";

// Playwright starts Chromium with --disable-back-forward-cache; these journeys need it on.
test.use({ launchOptions: { ...chromiumLaunchOptions, ignoreDefaultArgs: ["--disable-back-forward-cache"] } });

// Issue 13: pages that hold no secrets may come back from the back/forward cache; the others
// keep Cache-Control: no-store; a page restored after the session ended is reloaded.

/** Leaves `path` for another document and comes back; true when the page came back from the back/forward cache. */
async function leaveAndComeBack(page: Page, before?: () => Promise<void>): Promise<boolean> {
  await page.evaluate(() => Object.assign(window, { __bfcacheMarker: true }));
  await page.goto("/api/health");
  await before?.();
  // A page restored from the cache fires no load event, so wait for the commit only.
  await page.goBack({ waitUntil: "commit" });
  await page.waitForFunction(() => document.readyState === "complete");
  return page.evaluate(() => (window as unknown as { __bfcacheMarker?: boolean }).__bfcacheMarker === true).catch(() => false);
}

test("module docs come back from the back/forward cache", async ({ page }) => {
  await signInAs(page, "alice", "/catalogue");
  const response = await page.goto("/catalogue/acme-platform/iac-modules/vpc");
  expect(response?.headers()["cache-control"]).toBe("private, no-cache");
  expect(await leaveAndComeBack(page)).toBe(true);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("vpc");
});

test("admin pages stay out of the back/forward cache", async ({ page }) => {
  await signInAs(page, "carol", "/admin");
  const response = await page.goto("/admin");
  expect(response?.headers()["cache-control"]).toContain("no-store");
  expect(await leaveAndComeBack(page)).toBe(false);
});

test("a page restored after the session ended is reloaded, so it asks to sign in again", async ({ page, context }) => {
  await signInAs(page, "alice", "/catalogue");
  await leaveAndComeBack(page, () => context.clearCookies());
  await expect(page).toHaveURL(/\/signin/);
  await expect(page.getByRole("heading", { name: "Sign in to Bulkhead" })).toBeVisible();
});
