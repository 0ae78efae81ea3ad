import { AppError } from "@/lib/errors/app-error";

/** A module source in a git repo: where the repo is, which folder, and which tag. */
export interface GitSource {
  /** `https://github.com/org/repo.git` or `git@github.com:org/repo.git` */
  repoUrl: string;
  /** Folder inside the repo, without leading or trailing slash; "" for the repo root. */
  path: string;
  ref: string;
}

export interface ParsedGitSource extends GitSource {
  /** `org/repo` when the URL has that shape (GitHub and friends), else null. */
  repoSlug: string | null;
  host: string | null;
}

// `+` would be decoded as a space by go-getter's query parsing, and `?&#"` would break the URL.
const REF_PATTERN = /^[A-Za-z0-9._][A-Za-z0-9._/-]*$/;
const PATH_SEGMENT = /^[A-Za-z0-9._-]+$/;

/** Returns why a ref cannot be used in a source URL, or null when it can. */
export function checkGitRef(ref: string): string | null {
  if (!REF_PATTERN.test(ref) || ref.includes("..") || ref.endsWith("/")) {
    return `"${ref}" is not a usable ref: use letters, digits, ".", "_", "-" and "/"`;
  }
  return null;
}

/**
 * Builds the `git::<repo>//<path>?ref=<ref>` source string Terragrunt and Terraform read,
 * with `?ref=` last so that Renovate's line-based managers find it.
 */
export function buildGitSource({ repoUrl, path, ref }: GitSource): string {
  const refProblem = checkGitRef(ref);
  if (refProblem) throw new AppError("INVALID_INPUT", refProblem);
  const cleanPath = path.replace(/^\/+|\/+$/g, "");
  if (cleanPath !== "" && !cleanPath.split("/").every((s) => PATH_SEGMENT.test(s) && s !== "." && s !== "..")) {
    throw new AppError("INVALID_INPUT", `"${path}" is not a usable module path`);
  }
  // Plain http is allowed for self-hosted git servers and the dev emulator.
  if (!/^(https?:\/\/|ssh:\/\/|git@)[^\s"?#]+$/.test(repoUrl)) {
    throw new AppError("INVALID_INPUT", `"${repoUrl}" is not a usable git repository URL`);
  }
  const repo = repoUrl.replace(/^git::/, "");
  return `git::${repo}${cleanPath ? `//${cleanPath}` : ""}?ref=${ref}`;
}

/**
 * Splits a module source string into repo URL, folder and ref. Accepts the `git::` prefix or
 * not, with or without `//path`, and the scp-like ssh form `git@github.com:org/repo.git`.
 * Returns null for sources that are not git URLs (registry addresses, local paths).
 */
export function parseGitSource(source: string): (Omit<ParsedGitSource, "ref"> & { ref: string | null }) | null {
  let rest = source.trim().replace(/^git::/, "");
  if (!/^(https?:\/\/|ssh:\/\/|git@|git:\/\/)/.test(rest)) return null;
  let ref: string | null = null;
  const queryAt = rest.indexOf("?");
  if (queryAt >= 0) {
    const params = new URLSearchParams(rest.slice(queryAt + 1));
    ref = params.get("ref");
    rest = rest.slice(0, queryAt);
  }
  const schemeEnd = rest.indexOf("://");
  const pathAt = rest.indexOf("//", schemeEnd >= 0 ? schemeEnd + 3 : 0);
  const repoUrl = pathAt >= 0 ? rest.slice(0, pathAt) : rest;
  const path = pathAt >= 0 ? rest.slice(pathAt + 2).replace(/^\/+|\/+$/g, "") : "";
  const match = /^(?:[a-z]+:\/\/)?(?:[^@/]+@)?([^/:]+)(?::\d+)?[/:](.+?)(?:\.git)?\/?$/.exec(repoUrl);
  const host = match?.[1] ?? null;
  const slugPath = match?.[2] ?? null;
  const repoSlug = slugPath && /^[^/]+\/[^/]+$/.test(slugPath) ? slugPath : null;
  return { repoUrl, path, ref, repoSlug, host };
}

/** Replaces (or appends) the `ref` query parameter of a source string, leaving the rest as is. */
export function replaceSourceRef(source: string, newRef: string): string {
  const refProblem = checkGitRef(newRef);
  if (refProblem) throw new AppError("INVALID_INPUT", refProblem);
  const match = /([?&])ref=[^&#]*/.exec(source);
  if (match) return source.slice(0, match.index) + `${match[1]}ref=${newRef}` + source.slice(match.index + match[0].length);
  return `${source}${source.includes("?") ? "&" : "?"}ref=${newRef}`;
}
