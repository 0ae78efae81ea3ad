import { spawn } from "node:child_process";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { EmulatorContext } from "./emulator-context.js";
import { gitEnv } from "./git-exec.js";
import type { RepoHandle } from "./repo-registry.js";
import { diffRefSnapshots, emitRefChanges, snapshotRefs } from "./webhook-events.js";

/** `/<owner>/<repo>.git/<rest>`: the part of the URL space git's smart HTTP protocol uses. */
export const GIT_PATH = /^\/([^/]+)\/([^/]+)\.git(\/.*)$/;

function parseCgiHeaders(text: string): { status: number; headers: Record<string, string> } {
  let status = 200;
  const headers: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon === -1) continue;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === "status") status = Number(value.split(" ")[0]) || 200;
    else headers[name] = value;
  }
  return { status, headers };
}

/**
 * Serves clone, fetch and push through `git http-backend` (CGI). A push answers only after
 * the webhooks for the refs it changed were delivered, so `git push` in a test is a sync point.
 */
export async function serveGitHttp(ctx: EmulatorContext, repo: RepoHandle, rest: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://emulator");
  const isPush = rest === "/git-receive-pack";
  const before = isPush ? await snapshotRefs(repo) : null;
  const cgi: Record<string, string> = {
    GIT_PROJECT_ROOT: ctx.repos.reposDir,
    GIT_HTTP_EXPORT_ALL: "1",
    PATH_INFO: `/${repo.owner}/${repo.name}.git${rest}`,
    REQUEST_METHOD: req.method ?? "GET",
    QUERY_STRING: url.search.replace(/^\?/, ""),
    CONTENT_TYPE: req.headers["content-type"] ?? "",
    REMOTE_USER: "emulator",
    REMOTE_ADDR: req.socket.remoteAddress ?? "127.0.0.1",
  };
  const gitProtocol = req.headers["git-protocol"];
  if (req.headers["content-length"]) cgi.CONTENT_LENGTH = req.headers["content-length"];
  if (req.headers["content-encoding"]) cgi.HTTP_CONTENT_ENCODING = req.headers["content-encoding"];
  if (typeof gitProtocol === "string") cgi.HTTP_GIT_PROTOCOL = gitProtocol;
  const env = gitEnv(cgi);
  const child = spawn("git", ["http-backend"], { env, stdio: ["pipe", "pipe", "pipe"] });
  req.pipe(child.stdin);
  child.stdin.on("error", () => undefined);
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  let head = Buffer.alloc(0);
  let headersSent = false;
  child.stdout.on("data", (chunk: Buffer) => {
    if (headersSent) {
      res.write(chunk);
      return;
    }
    head = Buffer.concat([head, chunk]);
    const crlf = head.indexOf("\r\n\r\n");
    const lf = head.indexOf("\n\n");
    const end = crlf !== -1 ? crlf + 4 : lf !== -1 ? lf + 2 : -1;
    if (end === -1) return;
    const { status, headers } = parseCgiHeaders(head.subarray(0, end).toString("latin1"));
    res.writeHead(status, headers);
    headersSent = true;
    if (head.length > end) res.write(head.subarray(end));
  });
  await new Promise<void>((resolve) => child.on("close", () => resolve()));
  if (!headersSent) {
    res.writeHead(500, { "content-type": "text/plain" });
    res.end(stderr || "git http-backend failed");
    return;
  }
  if (before) {
    const changes = diffRefSnapshots(before, await snapshotRefs(repo));
    await emitRefChanges(ctx, repo, changes, "emulator").catch(() => []);
  }
  res.end();
}
