import localFont from "next/font/local";

// Geist Sans and Geist Mono (geist 1.9.2, SIL OFL 1.1) cut to Latin by scripts/subset-fonts.sh:
// 27.9 and 22.1 KB instead of 69.5 and 71.2 KB. The unicode-range is the one the files hold
// (scripts/subset-fonts.sh), so a character outside it falls through to the next font in the
// stack. next/font needs every option written as a literal.

/** The body font: preloaded, with an Arial fallback size-matched by next/font. */
export const geistSans = localFont({
  src: "./GeistSans-Latin.woff2",
  variable: "--font-geist-sans",
  weight: "100 900",
  display: "swap",
  preload: true,
  adjustFontFallback: "Arial",
  declarations: [{ prop: "unicode-range", value: "U+0000-00FF, U+0131, U+0152-0153, U+02BB-02BC, U+02C6, U+02DA, U+02DC, U+0304, U+0308, U+0329, U+2000-206F, U+20AC, U+2122, U+2190-2193, U+2212, U+2215, U+2500, U+2713, U+FEFF, U+FFFD" }],
});

/**
 * Code only: not preloaded, so it never competes with the page's own requests. Its fallback is
 * "Geist Mono Fallback" (globals.css), a local monospace font size-matched to Geist Mono, so
 * the swap does not move the layout; next/font can only match Arial or Times New Roman.
 */
export const geistMono = localFont({
  src: "./GeistMono-Latin.woff2",
  variable: "--font-geist-mono",
  weight: "100 900",
  display: "swap",
  preload: false,
  adjustFontFallback: false,
  fallback: ["Geist Mono Fallback", "ui-monospace", "monospace"],
  declarations: [{ prop: "unicode-range", value: "U+0000-00FF, U+0131, U+0152-0153, U+02BB-02BC, U+02C6, U+02DA, U+02DC, U+0304, U+0308, U+0329, U+2000-206F, U+20AC, U+2122, U+2190-2193, U+2212, U+2215, U+2500, U+2713, U+FEFF, U+FFFD" }],
});
