import { expect, type Page } from "@playwright/test";

export type DemoUser = "alice" | "bob" | "carol" | "dave";

/** Signs in through the portal's sign-in page and the OIDC emulator, as a person would. */
export async function signInAs(page: Page, user: DemoUser, next = "/"): Promise<void> {
  await page.goto(`/signin?callbackUrl=${encodeURIComponent(next)}`);
  await page.getByRole("button", { name: /Continue with/ }).click();
  await page.getByRole("button", { name: `Sign in as ${user}` }).click();
  await page.waitForURL((url) => url.pathname === next && !url.pathname.startsWith("/signin"));
  await expect(page.getByTestId("user-role")).toBeVisible();
}
