import type { EmulatorContext } from "./emulator-context.js";
import { renderMarkdown } from "./render-markdown.js";

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * A bare-bones page for a PR's `html_url`, so links the portal shows in dev lead somewhere
 * (and an e2e test can follow them), with the body rendered as GitHub renders it. Returns null for
 * any other path.
 */
export async function renderPullPage(ctx: EmulatorContext, pathname: string): Promise<string | null> {
  const match = /^\/([^/]+)\/([^/]+)\/pull\/(\d+)\/?$/.exec(pathname);
  if (!match) return null;
  const repo = ctx.repos.find(match[1] ?? "", match[2] ?? "");
  const pull = repo ? ctx.state.data.pulls[repo.fullName]?.find((p) => p.number === Number(match[3])) : undefined;
  if (!repo || !pull) return null;
  const status = pull.merged ? "merged" : pull.state;
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(pull.title)} · #${pull.number}</title></head>
<body><h1>${escapeHtml(pull.title)} <small>#${pull.number}</small></h1>
<p data-testid="pull-state">${status}</p>
<p>${escapeHtml(repo.fullName)}: <code>${escapeHtml(pull.headRef)}</code> → <code>${escapeHtml(pull.baseRef)}</code></p>
<p>Labels: ${pull.labels.map(escapeHtml).join(", ") || "none"}</p>
<article data-testid="pull-body" class="markdown-body">${renderMarkdown(pull.body ?? "")}</article></body></html>`;
}
