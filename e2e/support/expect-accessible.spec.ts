import { expect, test } from "@playwright/test";
import { expectAccessible } from "./expect-accessible";

// The guard itself: it must fail on what issue 13 found (dark-only contrast, a scroll box
// keyboard users cannot reach at phone width, an aria-label on a <pre>), pass a clean page,
// and hand the page back in the scheme and size it got it.

const page = (body: string) => `<!doctype html><html lang="en"><head><title>axe guard</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  body { background: #ffffff; color: #18181b; font: 16px sans-serif; }
  .muted { color: #52525c; }
  @media (prefers-color-scheme: dark) { body { background: #18181b; color: #f4f4f5; } .muted { color: #71717b; } }
  .wide { overflow-x: auto; } .wide > div { width: 900px; }
</style></head><body><main><h1>Guard</h1>${body}</main></body></html>`;

test("fails on dark-theme contrast only visible in dark", async ({ page: tab }) => {
  await tab.setContent(page(`<p class="muted">zinc-500 on zinc-900 is 3.67:1</p>`));
  await expect(expectAccessible(tab, { name: "dark contrast", schemes: ["light"] })).resolves.toBeUndefined();
  await expect(expectAccessible(tab, { name: "dark contrast" })).rejects.toThrow(/\[serious\] color-contrast \(dark, 1 node\)/);
});

test("fails on a scroll box that keyboard users cannot reach, and passes it once it is a labelled region", async ({ page: tab }) => {
  await tab.setViewportSize({ width: 1280, height: 720 });
  await tab.setContent(page(`<div class="wide" style="max-width: 100%"><div>${"wide text ".repeat(20)}</div></div>`));
  await expect(expectAccessible(tab, { name: "scroll box", phone: true })).rejects.toThrow(/scrollable-region-focusable \(light, 390 px/);
  expect(tab.viewportSize()).toEqual({ width: 1280, height: 720 });
  expect(await tab.evaluate(() => matchMedia("(prefers-color-scheme: dark)").matches)).toBe(false);

  await tab.setContent(page(`<div class="wide" role="region" aria-label="Wide text" tabindex="0"><div>${"wide text ".repeat(20)}</div></div>`));
  await expectAccessible(tab, { name: "scroll region", phone: true });
});

test("fails on an aria-label on a <pre> with no role", async ({ page: tab }) => {
  await tab.setContent(page(`<pre aria-label="Terragrunt unit">include "root" {}</pre>`));
  await expect(expectAccessible(tab, { name: "pre label", schemes: ["light"] })).rejects.toThrow(/aria-prohibited-attr/);
});
