import { expect, test } from "@playwright/test";
import { expectAccessible } from "../support/expect-accessible";
import { signInAs } from "../support/sign-in";

test("dave, in no workload, learns from his empty inbox why no notices come and where to find the IdP groups", async ({ page }) => {
  await signInAs(page, "dave", "/inbox");
  await expect(page.getByRole("heading", { name: "No notices" })).toBeVisible();
  await expect(page.getByText("You are not in any workload yet, so no update notices come to you.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Mark page read" })).toHaveCount(0);
  await expectAccessible(page, { name: "/inbox (no workload)", phone: true });
  await page.getByRole("main").getByRole("link", { name: "Workloads", exact: true }).click();
  await expect(page).toHaveURL(/\/workloads$/);
});
