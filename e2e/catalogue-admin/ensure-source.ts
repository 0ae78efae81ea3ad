import { expect, type Page } from "@playwright/test";

/**
 * Makes sure `repository` is a catalogue source that has synced at least once: the dev
 * stack seeds the demo sources, a bare e2e stack may not, so add it through the form.
 */
export async function ensureSyncedSource(page: Page, repository: string, layout: "monorepo" | "repo"): Promise<void> {
  await page.goto("/admin/catalogue");
  const card = page.getByTestId("module-source").filter({ has: page.getByRole("heading", { name: repository, exact: true }) });
  if ((await card.count()) === 0) {
    const form = page.getByRole("form", { name: "Add a module source" });
    await form.getByLabel("Repository").fill(repository);
    await form.getByLabel("Layout").selectOption(layout);
    await form.getByRole("button", { name: "Add source" }).click();
    await expect(form.getByRole("status")).toContainText(`Added ${repository}`, { timeout: 30_000 });
  }
  await expect(async () => {
    await page.reload();
    await expect(card.getByTestId("sync-run").filter({ has: page.getByText("succeeded", { exact: true }) }).first()).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 90_000 });
}
