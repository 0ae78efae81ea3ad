/**
 * Turns the code blocks and tables of rendered markdown into labelled regions that keyboard
 * users can focus and scroll (WCAG 2.1.1; axe `scrollable-region-focusable`): a `<pre>` gets
 * the region role itself, a table is wrapped in a `<div>` (a role on the table would hide its
 * table semantics). Labels are numbered, so that the regions of one page stay unique.
 * Input is renderReadme's sanitized output, whose tags are well-formed.
 */
export function labelScrollRegions(html: string, label: string): string {
  const name = escapeAttribute(label);
  let blocks = 0;
  let tables = 0;
  return html
    .replace(/<pre(?=[\s>])/g, () => `<pre role="region" tabindex="0" aria-label="${name} code block ${++blocks}"`)
    .replace(/<table(?=[\s>])/g, () => `<div role="region" tabindex="0" aria-label="${name} table ${++tables}" class="md-scroll"><table`)
    .replace(/<\/table>/g, "</table></div>");
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
