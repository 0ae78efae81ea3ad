import { Marked, type Tokens } from "marked";
import sanitizeHtml from "sanitize-html";

/** Where a README lives, so that its relative links and images can point at the right files. */
export interface ReadmeLocation {
  /** Web/git base of the GitHub host, e.g. `https://github.com` (GITHUB_GIT_URL). */
  gitUrl: string;
  owner: string;
  repo: string;
  /** The tag the docs were read at: links show the files as they were at that version. */
  ref: string;
  /** Folder of the module inside the repo ("" for the repo root); relative links start there. */
  modulePath: string;
  /** Heading level of the README's own `#` headings (the page already has its h1/h2). Default 3. */
  topHeadingLevel?: number;
  /**
   * Images from anywhere but the module's own repo (BULKHEAD_README_EXTERNAL_IMAGES): `drop`
   * (default) shows their alt text instead, so that reading the docs never tells a third party
   * who read them and when (tracking pixels, badges); `allow` loads them.
   */
  externalImages?: "drop" | "allow";
  /**
   * "shift" (default): every heading moves down by the same amount (`#` → topHeadingLevel).
   * "nest": the first heading becomes topHeadingLevel and each heading is at most one level
   * below the one that holds it, so a README that starts at `###` or jumps from `#` to `####`
   * still nests under the page's section without skipped levels (WCAG 1.3.1, axe heading-order).
   */
  headingLevels?: "shift" | "nest";
}

/**
 * Prefix of every id (and `<a name>`) in rendered READMEs, headings and raw HTML alike, so that
 * README content can neither collide with nor clobber the page's own ids (`#` links get it too).
 */
export const README_ANCHOR_PREFIX = "readme-";

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/**
 * Renders README (or changelog) markdown to HTML that is safe to inject: GitHub-flavoured
 * markdown through `marked`, then `sanitize-html` with an allow-list (no script, iframe,
 * style, event handlers or non-http(s)/mailto URLs). Relative links go to the file at the
 * version's tag on the git host (`/blob/<tag>/...`), relative images to its raw URL. Every id
 * gets the `readme-` prefix; images from other hosts are dropped unless allowed. Code blocks
 * become focusable, labelled regions, so they can be scrolled from the keyboard.
 */
export function renderReadme(markdown: string, location: ReadmeLocation): string {
  const top = location.topHeadingLevel ?? 3;
  const levelOf = location.headingLevels === "nest" ? nestHeadingLevels(top) : (depth: number) => Math.min(6, depth + top - 1);
  const slugs = new Map<string, number>();
  const marked = new Marked({
    gfm: true,
    renderer: {
      heading(this: { parser: { parseInline(tokens: Tokens.Heading["tokens"]): string } }, { tokens, depth, text }: Tokens.Heading) {
        const level = levelOf(depth);
        const base = slugifyHeading(text) || "section";
        const seen = slugs.get(base) ?? 0;
        slugs.set(base, seen + 1);
        // The sanitizer prefixes every id, these included.
        const id = seen === 0 ? base : `${base}-${seen}`;
        return `<h${level} id="${id}">${this.parser.parseInline(tokens)}</h${level}>\n`;
      },
    },
  });
  const html = marked.parse(markdown, { async: false });
  return sanitizeHtml(html, {
    allowedTags: [...sanitizeHtml.defaults.allowedTags, "img", "h1", "h2", "del", "input"],
    allowedAttributes: {
      "*": ["id"],
      a: ["href", "title", "rel", "name"],
      img: ["src", "alt", "title", "width", "height", "loading"],
      code: ["class"],
      th: ["align"],
      td: ["align"],
      input: ["type", "checked", "disabled"],
      ol: ["start"],
      span: ["title"],
    },
    allowedClasses: { code: ["language-*"] },
    allowedSchemes: ["http", "https", "mailto"],
    allowedSchemesByTag: { img: ["http", "https"] },
    allowProtocolRelative: false,
    // Only read-only task-list checkboxes survive; any other input is dropped.
    exclusiveFilter: (frame) => frame.tag === "input" && (frame.attribs.type !== "checkbox" || frame.attribs.disabled === undefined),
    transformTags: {
      a: (tagName, attribs) => {
        const href = attribs.href === undefined ? undefined : resolveReadmeUrl(attribs.href, location, "link");
        const external = href !== undefined && /^https?:/i.test(href);
        return {
          tagName,
          attribs: {
            ...attribs,
            ...(href === undefined ? {} : { href }),
            ...(external ? { rel: "noopener noreferrer nofollow" } : {}),
          },
        };
      },
      img: (tagName, attribs): sanitizeHtml.Tag => {
        const src = attribs.src === undefined ? undefined : resolveReadmeUrl(attribs.src, location, "image");
        if ((location.externalImages ?? "drop") === "drop" && !isOwnRepoUrl(src ?? "", location)) {
          const host = hostOf(src ?? "");
          return {
            tagName: "span",
            attribs: { title: `Image${host ? ` from ${host}` : ""} not loaded: only images from the module's own repo are shown.` },
            text: attribs.alt?.trim() || "[external image]",
          };
        }
        const kept: sanitizeHtml.Attributes = { ...attribs, loading: "lazy" };
        if (src !== undefined) kept.src = src;
        return { tagName, attribs: kept };
      },
      // Runs after the tag's own transform, on every tag.
      "*": (tagName, attribs) => ({ tagName, attribs: prefixAnchors(attribs) }),
    },
  });
}

/**
 * Heading levels for "nest": a stack of the open sections' markdown depths. A heading closes
 * every open section at its depth or deeper, and lands one level below the section left open
 * (top level when none is), never deeper than h6. Marked renders headings in document order.
 */
function nestHeadingLevels(top: number): (depth: number) => number {
  const open: Array<{ depth: number; level: number }> = [];
  return (depth) => {
    while (open.length > 0 && open[open.length - 1]!.depth >= depth) open.pop();
    const level = Math.min(6, open.length > 0 ? open[open.length - 1]!.level + 1 : top);
    open.push({ depth, level });
    return level;
  };
}

/**
 * Resolves one URL found in a README. Absolute URLs (any scheme) are returned unchanged;
 * the sanitizer decides whether their scheme is allowed. `#anchor` links get the README
 * anchor prefix. Anything else is a path in the repo, relative to the module folder (or to
 * the repo root when it starts with `/`), and may never climb above the repo root.
 */
export function resolveReadmeUrl(url: string, location: ReadmeLocation, kind: "link" | "image"): string {
  const trimmed = url.trim();
  if (trimmed === "") return trimmed;
  // Browsers ignore tabs and newlines inside URLs (`java\nscript:`), so the check must too.
  const compact = trimmed.replace(/[\u0000-\u0020]/g, "");
  if (SCHEME.test(compact) || compact.startsWith("//")) return trimmed;
  if (trimmed.startsWith("#")) return `#${README_ANCHOR_PREFIX}${trimmed.slice(1)}`;

  const hashAt = trimmed.indexOf("#");
  const hash = hashAt >= 0 ? trimmed.slice(hashAt) : "";
  const beforeHash = hashAt >= 0 ? trimmed.slice(0, hashAt) : trimmed;
  const queryAt = beforeHash.indexOf("?");
  const query = queryAt >= 0 ? beforeHash.slice(queryAt) : "";
  const pathPart = queryAt >= 0 ? beforeHash.slice(0, queryAt) : beforeHash;

  const repoPath = resolveRepoPath(location.modulePath, safeDecode(pathPart));
  const base = `${location.gitUrl.replace(/\/+$/, "")}/${encodeSegments(location.owner)}/${encodeSegments(location.repo)}`;
  const ref = encodeSegments(location.ref);
  if (kind === "image") return `${base}/raw/${ref}/${encodeSegments(repoPath)}`;
  const isFolder = repoPath === "" || pathPart === "" || pathPart.endsWith("/") || /(^|\/)\.{1,2}$/.test(pathPart);
  if (isFolder) return `${base}/tree/${ref}${repoPath ? `/${encodeSegments(repoPath)}` : ""}${hash}`;
  return `${base}/blob/${ref}/${encodeSegments(repoPath)}${query}${hash}`;
}

function prefixAnchors(attribs: Record<string, string>): Record<string, string> {
  const result = { ...attribs };
  for (const key of ["id", "name"] as const) {
    const value = result[key]?.trim();
    if (value === undefined) continue;
    if (value === "") delete result[key];
    else result[key] = `${README_ANCHOR_PREFIX}${value}`;
  }
  return result;
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).host || null;
  } catch {
    return null;
  }
}

/**
 * True when `url` points into the module's own repo on its git host (any ref, any path), or
 * at GitHub's raw host for that repo when the git host is github.com. Compared on the parsed
 * URL, so `..` segments (plain or %2e-encoded) cannot climb into another repo.
 */
export function isOwnRepoUrl(url: string, location: Pick<ReadmeLocation, "gitUrl" | "owner" | "repo">): boolean {
  let target: URL;
  let base: URL;
  try {
    target = new URL(url);
    base = new URL(location.gitUrl);
  } catch {
    return false;
  }
  if (target.username || target.password) return false;
  const repoPath = `/${location.owner}/${location.repo}/`.toLowerCase();
  const path = target.pathname.toLowerCase();
  if (target.origin === base.origin) {
    const basePath = base.pathname.replace(/\/+$/, "").toLowerCase();
    return path.startsWith(`${basePath}${repoPath}`);
  }
  return base.host === "github.com" && target.protocol === "https:" && target.host === "raw.githubusercontent.com" && path.startsWith(repoPath);
}

/** Joins a README-relative path onto the module folder; `..` past the repo root stops at the root. */
export function resolveRepoPath(modulePath: string, relative: string): string {
  const start = relative.startsWith("/") ? [] : trimSlashes(modulePath).split("/").filter(Boolean);
  const parts = [...start];
  for (const segment of relative.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") parts.pop();
    else parts.push(segment);
  }
  return parts.join("/");
}

/** GitHub-style heading slug: lowercase, punctuation dropped, spaces to hyphens. */
export function slugifyHeading(text: string): string {
  return text
    .toLowerCase()
    .replace(/<[^>]*>/g, "")
    .replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, "")
    .trim()
    .replace(/\s/g, "-");
}

function trimSlashes(text: string): string {
  return text.replace(/^\/+|\/+$/g, "");
}

function encodeSegments(path: string): string {
  return path
    .split("/")
    .map((s) => encodeURIComponent(s))
    .join("/");
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
