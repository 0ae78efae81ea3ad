import { parseGitSource } from "@/lib/hcl";
import { joinRepoPath } from "./join-repo-path";

/** A module source reduced to what identifies the module, whatever way it was written. */
export type NormalizedSource =
  | {
      type: "git";
      /** Lower-cased, without user or port. */
      host: string;
      /** `owner` and `repo` when the repo path has that two-part shape (GitHub, GHES, Bitbucket), else null. */
      owner: string | null;
      repo: string | null;
      /** The repo's path on the host without `.git`, e.g. `acme/modules` or `group/sub/repo`. */
      repoPath: string;
      /** The folder after `//`, without leading or trailing slashes; "" for the repo root. */
      path: string;
      /** The `ref` query parameter wherever it sits in the query; null when unpinned. */
      ref: string | null;
      /** `host/owner/repo//path`, lower-cased but for the path: equal texts are the same module. */
      text: string;
    }
  | {
      type: "registry";
      /** Lower-cased; `registry.terraform.io` when the address has no host. */
      host: string;
      namespace: string;
      name: string;
      provider: string;
      /** Submodule folder after `//`; "" for the module itself. */
      path: string;
      /** True when the host is one of the portal's own registry hosts. */
      portal: boolean;
      /** The exact version of a Terragrunt `tfr://...?version=` source; null for a `module` block (its `version` is separate). */
      version: string | null;
      text: string;
    }
  | {
      type: "local";
      /** The folder it points at, relative to the repo root (may start with `../` when it leaves the repo). */
      path: string;
      text: string;
    }
  | {
      type: "other";
      /** The go-getter kind: `s3`, `gcs`, `http`, `hg`, ... */
      scheme: string;
      text: string;
    };

export interface NormalizeModuleSourceOptions {
  /** Folder of the file that holds the source, relative to the repo root ("" for the root). */
  fileDir: string;
  /** Hosts of the portal's own Terraform registry, e.g. `bulkhead.example.com` or `localhost:3000`. */
  registryHosts?: readonly string[];
}

export const PUBLIC_REGISTRY_HOST = "registry.terraform.io";

// Terraform's module registry address parts (internal/addrs/module_source.go).
const REGISTRY_PART = /^[0-9A-Za-z](?:[0-9A-Za-z_-]{0,62}[0-9A-Za-z])?$/;
const REGISTRY_PROVIDER = /^[0-9a-z]{1,64}$/;
const HOSTNAME = /^(?:localhost|[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)(?::\d{1,5})?$/;
const ARCHIVE = /\.(?:zip|tar|tar\.gz|tgz|tar\.bz2|tbz2|tar\.xz|txz|gz|bz2|xz)$/i;
const FORCED_GETTER = /^([a-z0-9]+)::/;

/**
 * Reads a module source string the way Terraform and Terragrunt (go-getter) do, and reduces it to
 * what identifies a module: git repo and folder (any of `git::https`, `git::ssh`, scp-like
 * `git@host:o/r.git`, the `github.com/o/r` shorthand), registry address (with host, or Terragrunt's
 * `tfr://`), local folder, or another getter. `source` must already be resolved (no `${...}`).
 */
export function normalizeModuleSource(source: string, options: NormalizeModuleSourceOptions): NormalizedSource {
  const raw = source.trim();
  if (raw.startsWith("./") || raw.startsWith("../") || raw === "." || raw === "..") {
    const path = joinRepoPath(options.fileDir, raw);
    return { type: "local", path, text: path };
  }
  if (/^tfr:\/\//i.test(raw)) return normalizeTfr(raw, options) ?? { type: "other", scheme: "tfr", text: raw };
  const forced = FORCED_GETTER.exec(raw)?.[1];
  if (forced && forced !== "git") return { type: "other", scheme: forced, text: stripQuery(raw) };
  if (!forced) {
    const registry = parseRegistryAddress(raw, options);
    if (registry) return registry;
  }
  const git = normalizeGit(raw, forced === "git");
  if (git) return git;
  if (raw.startsWith("/")) return { type: "local", path: raw, text: raw };
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(raw)?.[1]?.toLowerCase() ?? "unknown";
  return { type: "other", scheme: scheme === "https" ? "http" : scheme, text: stripQuery(raw) };
}

function stripQuery(text: string): string {
  const at = text.indexOf("?");
  return at < 0 ? text : text.slice(0, at);
}

function isPortalHost(host: string, options: NormalizeModuleSourceOptions): boolean {
  return (options.registryHosts ?? []).some((h) => h.trim().toLowerCase() === host);
}

/** `[<host>/]<namespace>/<name>/<provider>[//<subdir>]`, as Terraform reads it before trying go-getter. */
function parseRegistryAddress(raw: string, options: NormalizeModuleSourceOptions): NormalizedSource | null {
  if (raw.includes("?") || raw.includes("::")) return null;
  const subdirAt = raw.indexOf("//");
  const address = subdirAt >= 0 ? raw.slice(0, subdirAt) : raw;
  const path = subdirAt >= 0 ? cleanFolder(raw.slice(subdirAt + 2)) : "";
  const parts = address.split("/");
  if (parts.length !== 3 && parts.length !== 4) return null;
  const host = parts.length === 4 ? parts[0]!.toLowerCase() : PUBLIC_REGISTRY_HOST;
  if (parts.length === 4 && !HOSTNAME.test(host)) return null;
  const [namespace, name, provider] = parts.slice(-3) as [string, string, string];
  if (!REGISTRY_PART.test(namespace) || !REGISTRY_PART.test(name) || !REGISTRY_PROVIDER.test(provider)) return null;
  return registrySource({ host, namespace, name, provider, path, version: null }, options);
}

function registrySource(
  parts: { host: string; namespace: string; name: string; provider: string; path: string; version: string | null },
  options: NormalizeModuleSourceOptions,
): NormalizedSource {
  const address = `${parts.host}/${parts.namespace}/${parts.name}/${parts.provider}`.toLowerCase();
  return { type: "registry", ...parts, portal: isPortalHost(parts.host, options), text: parts.path ? `${address}//${parts.path}` : address };
}

/** Terragrunt's `tfr://[<host>]/<namespace>/<name>/<provider>[//<subdir>]?version=<v>`; an empty host is the public registry. */
function normalizeTfr(raw: string, options: NormalizeModuleSourceOptions): NormalizedSource | null {
  const rest = raw.replace(/^tfr:\/\//i, "");
  const queryAt = rest.indexOf("?");
  const version = queryAt >= 0 ? new URLSearchParams(rest.slice(queryAt + 1)).get("version") : null;
  const location = queryAt >= 0 ? rest.slice(0, queryAt) : rest;
  const slash = location.indexOf("/");
  if (slash < 0) return null;
  const host = location.slice(0, slash).toLowerCase() || PUBLIC_REGISTRY_HOST;
  const after = location.slice(slash + 1);
  const subdirAt = after.indexOf("//");
  const address = (subdirAt >= 0 ? after.slice(0, subdirAt) : after).split("/");
  if (address.length !== 3 || (host !== PUBLIC_REGISTRY_HOST && !HOSTNAME.test(host))) return null;
  const [namespace, name, provider] = address as [string, string, string];
  if (!REGISTRY_PART.test(namespace) || !REGISTRY_PART.test(name) || !REGISTRY_PROVIDER.test(provider)) return null;
  const path = subdirAt >= 0 ? cleanFolder(after.slice(subdirAt + 2)) : "";
  return registrySource({ host, namespace, name, provider, path, version: version || null }, options);
}

function normalizeGit(raw: string, forcedGit: boolean): NormalizedSource | null {
  let candidate = raw.replace(/^git::/, "");
  // go-getter's shorthands: `github.com/o/r` and `bitbucket.org/o/r` are git over https.
  if (/^(?:github\.com|bitbucket\.org)\//i.test(candidate)) candidate = `https://${candidate}`;
  const isGitScheme = /^(?:ssh:\/\/|git@|git:\/\/)/.test(candidate);
  if (/^https?:\/\//i.test(candidate) && !forcedGit && !candidate.startsWith("https://github.com/") && !candidate.startsWith("https://bitbucket.org/")) {
    // Without `git::`, go-getter fetches an https URL over HTTP (an archive or an X-Terraform-Get
    // redirect); only a path that names a `.git` repo is cloned.
    if (!/\.git(?:\/\/|\/?(?:\?|$))/.test(candidate) || ARCHIVE.test(stripQuery(candidate))) return null;
  } else if (!forcedGit && !isGitScheme && !/^https?:\/\//i.test(candidate)) {
    return null;
  }
  const parsed = parseGitSource(candidate);
  if (!parsed || !parsed.host) return null;
  const host = parsed.host.toLowerCase();
  const repoPath = readRepoPath(parsed.repoUrl);
  if (repoPath === null) return null;
  const [owner, repo] = parsed.repoSlug ? (parsed.repoSlug.split("/") as [string, string]) : [null, null];
  const path = cleanFolder(parsed.path);
  const text = `${host}/${repoPath.toLowerCase()}${path ? `//${path}` : ""}`;
  return { type: "git", host, owner, repo, repoPath, path, ref: parsed.ref || null, text };
}

/** The repo's path on its host (`acme/modules`), without scheme, user, port or `.git`. */
function readRepoPath(repoUrl: string): string | null {
  const match = /^(?:[a-z+]+:\/\/)?(?:[^@/]+@)?[^/:]+(?::\d+)?[/:](.+?)(?:\.git)?\/?$/i.exec(repoUrl);
  return match?.[1]?.replace(/^\/+/, "") ?? null;
}

function cleanFolder(path: string): string {
  return path
    .split("/")
    .filter((segment) => segment !== "" && segment !== ".")
    .join("/");
}

/**
 * The source with secrets taken out, for storing and showing: the password of `user:pass@` in a
 * URL, and go-getter's credential parameters (`sshkey`, S3 keys and tokens).
 */
export function redactSourceCredentials(source: string): string {
  return source
    .replace(/(:\/\/[^/@:\s?#]+):[^/@\s?#]+@/g, "$1:REDACTED@")
    .replace(/([?&](?:sshkey|aws_access_key_secret|aws_access_token|aws_access_key_id|token|password)=)[^&#\s]*/gi, "$1REDACTED");
}
