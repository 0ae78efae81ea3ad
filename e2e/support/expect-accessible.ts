import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";

/** WCAG 2.0, 2.1 and 2.2 at levels A and AA, plus axe's best practices (issue 13). */
export const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"];

/**
 * Rules whose "needs review" (incomplete) results fail too: axe cannot tell whether an
 * aria-label on a role-less element with text (`<pre aria-label>`, issue 13) is announced,
 * and with our markup it never is.
 */
export const FAIL_ON_NEEDS_REVIEW = ["aria-prohibited-attr"];

/** The phone viewport of the once-per-page narrow check. */
export const PHONE_VIEWPORT = { width: 390, height: 844 };

export interface ExpectAccessibleOptions {
  /** What the page is, for the report: "module page", "/admin". */
  name: string;
  /** Also check at phone width (390 px, light theme), where tables and code blocks overflow. */
  phone?: boolean;
  /** Colour schemes to check (default both). */
  schemes?: ReadonlyArray<"light" | "dark">;
  /** CSS selectors axe should skip. Each one needs a reason in a comment where it is passed. */
  exclude?: readonly string[];
}

interface Run {
  scheme: "light" | "dark";
  phone: boolean;
}

/**
 * Runs axe on the page as it is now, in the light and the dark theme (and at phone width when
 * asked), and fails on any serious or critical violation (and on the needs-review results of
 * FAIL_ON_NEEDS_REVIEW). Moderate and minor ones are listed in the test's annotations. Every
 * run's full result is attached to the report as JSON.
 * The page's colour scheme and viewport are restored afterwards, so a journey carries on.
 *
 *   await page.goto("/admin");
 *   await expectAccessible(page, { name: "/admin", phone: true });
 */
export async function expectAccessible(page: Page, options: ExpectAccessibleOptions): Promise<void> {
  const schemes = options.schemes ?? ["light", "dark"];
  const runs: Run[] = [...schemes.map((scheme) => ({ scheme, phone: false })), ...(options.phone ? [{ scheme: "light" as const, phone: true }] : [])];
  await test.step(`accessibility: ${options.name}`, async () => {
    const viewport = page.viewportSize();
    const failures: string[] = [];
    try {
      for (const run of runs) {
        await page.emulateMedia({ colorScheme: run.scheme });
        if (run.phone) await page.setViewportSize(PHONE_VIEWPORT);
        await settle(page);
        const builder = new AxeBuilder({ page }).withTags(AXE_TAGS);
        for (const selector of options.exclude ?? []) builder.exclude(selector);
        const results = await builder.analyze();
        const where = `${run.scheme}${run.phone ? `, ${PHONE_VIEWPORT.width} px` : ""}`;
        await test.info().attach(`axe ${options.name} (${where})`, {
          body: JSON.stringify({ violations: results.violations, incomplete: results.incomplete }, null, 2),
          contentType: "application/json",
        });
        const needsReview = results.incomplete.filter((r) => FAIL_ON_NEEDS_REVIEW.includes(r.id));
        for (const violation of [...results.violations, ...needsReview]) {
          const line = describeViolation(violation, where);
          if (violation.impact === "serious" || violation.impact === "critical") failures.push(line);
          else test.info().annotations.push({ type: `axe ${violation.impact ?? "minor"}`, description: `${options.name}: ${line.split("\n")[0]}` });
        }
      }
    } finally {
      await page.emulateMedia({ colorScheme: null });
      if (viewport) await page.setViewportSize(viewport);
    }
    expect(failures, `axe found serious or critical violations on ${options.name} (${page.url()}):\n${failures.join("\n")}`).toEqual([]);
  });
}

/**
 * Ends finite animations and transitions (a theme switch animates `transition-colors`), so contrast
 * is read on final colours. They are finished, not awaited: under load Chromium sometimes never
 * settles the `finished` promise of a transition that has already ended, and the wait hung until
 * the test's timeout.
 */
async function settle(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const frame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    await frame();
    for (const animation of document.getAnimations()) {
      if (animation.effect?.getComputedTiming().endTime === Infinity) continue;
      try {
        animation.finish();
      } catch {
        // A zero playback rate cannot be finished; it shows its current frame, as before.
      }
    }
    await frame();
  });
}

type Violation = Awaited<ReturnType<AxeBuilder["analyze"]>>["violations"][number];

function describeViolation(violation: Violation, where: string): string {
  const nodes = violation.nodes.slice(0, 5).map((node) => {
    const summary = (node.failureSummary ?? "").split("\n").slice(1, 2).join(" ").trim();
    return `    ${node.target.join(" ")}${summary ? `: ${summary}` : ""}`;
  });
  const more = violation.nodes.length > 5 ? [`    … and ${violation.nodes.length - 5} more`] : [];
  return [`  [${violation.impact}] ${violation.id} (${where}, ${violation.nodes.length} node${violation.nodes.length === 1 ? "" : "s"}): ${violation.help}`, ...nodes, ...more].join("\n");
}
