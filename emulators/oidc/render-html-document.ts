/** Escapes text for use in HTML element content and double-quoted attributes. */
export function escapeHtml(value: string): string {
  return value
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

// Inline only: the emulator runs offline and under a browser that must never reach out.
const styles = `
:root { color-scheme: light dark; --bg: #f6f7f9; --card: #fff; --fg: #15181d; --muted: #4b5563;
  --border: #d0d5dd; --accent: #1d4ed8; --accent-fg: #fff; --error-bg: #fdecec; --error-fg: #8a1c1c; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #0f1115; --card: #181b21; --fg: #e8eaed; --muted: #a0a7b4; --border: #353a44;
    --accent: #6b9bff; --accent-fg: #0b0d12; --error-bg: #3a1717; --error-fg: #ffb4b4; }
}
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; background: var(--bg); color: var(--fg); }
main { max-width: 40rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
p { margin: .25rem 0 1rem; }
.muted { color: var(--muted); }
ul.users { list-style: none; margin: 0; padding: 0; display: grid; gap: .75rem; }
.card { background: var(--card); border: 1px solid var(--border); border-radius: .5rem; padding: 1rem; }
.user { display: flex; gap: 1rem; align-items: center; justify-content: space-between; flex-wrap: wrap; }
.user dl { flex: 1 1 18rem; margin: 0; display: grid; grid-template-columns: auto 1fr; gap: 0 .75rem; }
.user dt { color: var(--muted); }
.user dd { margin: 0; overflow-wrap: anywhere; }
button, input { font: inherit; }
button { cursor: pointer; border-radius: .375rem; padding: .5rem 1rem; border: 1px solid var(--accent); background: var(--accent); color: var(--accent-fg); font-weight: 600; }
button.secondary { background: transparent; color: var(--fg); border-color: var(--border); }
input[type=text] { padding: .5rem .75rem; border-radius: .375rem; border: 1px solid var(--border); background: var(--card); color: var(--fg); min-width: 12rem; }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.row { display: flex; gap: .5rem; flex-wrap: wrap; align-items: flex-end; }
form.cancel { margin-top: 1rem; }
label { display: block; font-weight: 600; margin-bottom: .25rem; }
.error { background: var(--error-bg); color: var(--error-fg); border-radius: .375rem; padding: .75rem 1rem; margin: 0 0 1rem; }
`;

/**
 * Wraps page content in a complete, self-contained HTML document.
 * `headExtra` is inserted verbatim and must already be safe.
 */
export function renderHtmlDocument(options: { title: string; body: string; headExtra?: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(options.title)}</title>
<style>${styles}</style>
${options.headExtra ?? ""}
</head>
<body>
<main>
${options.body}
</main>
</body>
</html>
`;
}

/** A plain page with a heading and a message, used for errors and confirmations. */
export function renderMessagePage(options: { title: string; message: string; details?: string }): string {
  const details = options.details ? `<p class="muted">${escapeHtml(options.details)}</p>` : "";
  return renderHtmlDocument({
    title: options.title,
    body: `<h1>${escapeHtml(options.title)}</h1>\n<p>${escapeHtml(options.message)}</p>\n${details}`,
  });
}
