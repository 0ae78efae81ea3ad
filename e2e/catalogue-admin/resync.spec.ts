import { expect, test } from "@playwright/test";
import { expectAccessible } from "../support/expect-accessible";
import { signInAs } from "../support/sign-in";
import { e2eUrls } from "../support/stack-config";
import { ensureSyncedSource } from "./ensure-source";

const repository = "acme-platform/iac-modules";
// A module no other journey depends on: the new tag becomes its latest version, and the
// stack is shared by every spec of the run.
const moduleName = "cloudwatch-alarms";

test("an admin re-syncs a source after a tag is pushed, and the new version appears", async ({ page }) => {
  test.setTimeout(180_000);
  await signInAs(page, "carol", "/admin/catalogue");
  await ensureSyncedSource(page, repository, "monorepo");
  await expectAccessible(page, { name: "/admin/catalogue", phone: true });
  // At phone width a source's runs table scrolls inside its card; the page itself does not scroll sideways.
  const viewport = page.viewportSize();
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  if (viewport) await page.setViewportSize(viewport);
  const card = page.getByTestId("module-source").filter({ has: page.getByRole("heading", { name: repository, exact: true }) });

  // A new release, pushed to the emulator (which also sends create/push webhooks to the app).
  const version = `9.${Date.now() % 100_000}.0`;
  const pushed = await fetch(`${e2eUrls.github}/__emulator/repos/${repository}/tags`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ tag: `${moduleName}/v${version}` }),
  });
  expect(pushed.status).toBe(201);
  // The emulator's webhooks may already sync the new tag; let that settle first so the manual
  // sync is not coalesced into a waiting webhook job. Without webhooks, carry on after 20 s.
  // Whether the catalogue lists the new version yet (the module's JSON, as the module page reads it).
  const listed = async () => {
    const response = await page.request.get(`/api/catalogue/modules/${repository}/${moduleName}`);
    const body = (await response.json()) as { versions?: Array<{ version: string }> };
    return (body.versions ?? []).some((v) => v.version === version) ? 1 : 0;
  };
  await expect(async () => {
    await page.reload();
    expect(await listed()).toBe(1);
    await expect(card.getByTestId("sync-run").first()).not.toHaveAttribute("data-status", "running", { timeout: 500 });
  })
    .toPass({ timeout: 20_000 })
    .catch(() => undefined);

  await card.getByRole("button", { name: `Re-sync now: ${repository}` }).click();
  await expect(card.getByTestId("resync-status")).toHaveText(/Sync (queued|running|done)/);
  await expect(card.getByTestId("resync-status")).toHaveText(/^Sync done/, { timeout: 60_000 });
  if ((await card.getByTestId("resync-status").textContent())?.includes("joined")) {
    // On a slow database the webhook's sync may still be waiting: the request joins it (one
    // sync waits and one runs per source), and that run is the one to finish.
    await expect(card.getByTestId("sync-run").first()).toHaveAttribute("data-status", "succeeded");
  } else {
    // "done" waits for a run that started after the click, so the newest run is the manual one
    // (not a webhook's run that was already going when carol clicked).
    const newest = card.getByTestId("sync-run").first();
    await expect(newest).toHaveAttribute("data-trigger", "manual");
    await expect(newest).toHaveAttribute("data-status", "succeeded");
  }

  expect(await listed()).toBe(1);
});
