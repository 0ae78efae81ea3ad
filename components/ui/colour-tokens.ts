// The colour-token contract of app/globals.css, as data: which token pairs must hold which
// WCAG 2.2 contrast ratio, in both themes. Only tests and docs read it; no page imports it.

/** `--color-<name>` values of the light theme (`@theme`) and of the dark theme (`prefers-color-scheme: dark`). */
export interface ColourThemes {
  light: Record<string, string>;
  dark: Record<string, string>;
}

const SURFACES = ["page", "raised", "sunken", "tint"] as const;
const TONES = ["accent", "danger", "warning", "success"] as const;

/** A foreground that must reach `min` against a background; a name is a token, `#rrggbb` a literal colour. */
export interface ContrastRule {
  fg: string;
  bg: string;
  min: number;
  why: string;
}

/**
 * Text is 4.5:1 (1.4.3), control boundaries and focus indicators 3:1 (1.4.11). Decorative
 * lines (line, line-strong, *-line) carry no meaning on their own and have no minimum.
 */
export const tokenContrastRules: ContrastRule[] = [
  ...["fg", "fg-muted", "fg-subtle", ...TONES].flatMap((fg) => SURFACES.map((bg) => ({ fg, bg, min: 4.5, why: "text on a surface" }))),
  ...TONES.flatMap((tone) => [tone, "fg", "fg-muted"].map((fg) => ({ fg, bg: `${tone}-soft`, min: 4.5, why: "text on a tone's soft fill (alerts, badges, diff lines)" }))),
  ...["accent-solid", "accent-solid-hover", "danger-solid", "danger-solid-hover"].map((bg) => ({ fg: "#ffffff", bg, min: 4.5, why: "white text on a solid button" })),
  { fg: "on-code", bg: "code", min: 4.5, why: "code block text" },
  ...SURFACES.map((bg) => ({ fg: "control", bg, min: 3, why: "form-control border" })),
  ...SURFACES.map((bg) => ({ fg: "focus", bg, min: 3, why: "focus ring" })),
  ...["page", "raised"].map((bg) => ({ fg: "danger", bg, min: 3, why: "invalid-control border" })),
];

/** Reads the `--color-*` hex values of both themes from globals.css. */
export function readColourTokens(css: string): ColourThemes {
  const theme = /@theme\s*\{([\s\S]*?)\n\}/.exec(css)?.[1] ?? "";
  const dark = /@media\s*\(prefers-color-scheme:\s*dark\)\s*\{\s*:root\s*\{([\s\S]*?)\}/.exec(css)?.[1] ?? "";
  const read = (block: string) =>
    Object.fromEntries([...block.matchAll(/--color-([a-z0-9-]+):\s*(#[0-9a-f]{6})\s*;/gi)].map((m) => [m[1]!, m[2]!.toLowerCase()]));
  return { light: read(theme), dark: read(dark) };
}

function relativeLuminance(hex: string): number {
  const channels = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * channels[0]! + 0.7152 * channels[1]! + 0.0722 * channels[2]!;
}

/** WCAG 2.x contrast ratio of two `#rrggbb` colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}
