import http from "node:http";
import https from "node:https";
import { promisify } from "node:util";
import zlib from "node:zlib";
import { createTimeoutFetch, OutboundTimeoutError } from "./fetch-with-timeout";

export interface CreateNodeHttpFetchOptions {
  /** The whole exchange (connecting, headers, body) must end within this. */
  timeoutMs: number;
  /** Takes every request this fetch does not send itself; default `createTimeoutFetch(timeoutMs)`. */
  fallback?: typeof fetch;
}

const decoders: Record<string, (body: Buffer) => Promise<Buffer>> = {
  gzip: promisify(zlib.gunzip),
  "x-gzip": promisify(zlib.gunzip),
  deflate: promisify(zlib.inflate),
  br: promisify(zlib.brotliDecompress),
};

const nullBodyStatuses = new Set([204, 205, 304]);

interface Answer {
  status: number;
  statusText: string;
  rawHeaders: string[];
  body: Buffer;
}

/**
 * A `fetch` for API clients such as Octokit, on node:http(s) with keep-alive agents: Node's
 * own fetch spends about twice the CPU per call in its WHATWG layers (Request, web streams,
 * abort plumbing), and a catalogue sync makes four or five GitHub calls per version. Only GET
 * and HEAD without a body go this way; every other request, a `redirect` other than "follow",
 * and any redirect answer are handed to `fallback` (Node's fetch with the same timeout), so
 * methods with bodies and redirects behave exactly as before. Like `createTimeoutFetch`, the
 * timeout covers the whole exchange, throws `OutboundTimeoutError`, and the body comes back
 * buffered; a caller's signal still aborts. Bodies are asked for compressed, as fetch does, and
 * decompressed on libuv's thread pool. A GET whose reused keep-alive connection the server had
 * already closed is sent once more on a new one.
 */
export function createNodeHttpFetch(options: CreateNodeHttpFetchOptions): typeof fetch {
  const { timeoutMs } = options;
  const fallback = options.fallback ?? createTimeoutFetch(timeoutMs);
  const agents = { "http:": new http.Agent({ keepAlive: true, scheduling: "lifo" }), "https:": new https.Agent({ keepAlive: true, scheduling: "lifo" }) };

  return async (input, init) => {
    const method = (init?.method ?? "GET").toUpperCase();
    const ours = !(input instanceof Request) && (method === "GET" || method === "HEAD") && init?.body == null && (init?.redirect ?? "follow") === "follow";
    const url = ours ? new URL(String(input)) : null;
    if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) return fallback(input, init);

    const headers: Record<string, string> = { "accept-encoding": "gzip, deflate, br" };
    new Headers(init?.headers).forEach((value, key) => (headers[key] = value));
    // A timer rather than AbortSignal.timeout/any: those cost more per call than the rest of the request.
    const deadline: Deadline = { at: performance.now() + timeoutMs, passed: false };
    const callerSignal = init?.signal ?? null;
    if (callerSignal?.aborted) throw callerSignal.reason;
    let answer: Answer;
    try {
      answer = await send({ url, method, headers, agent: agents[url.protocol], deadline, callerSignal });
      if (answer.status >= 300 && answer.status < 400 && answer.rawHeaders.some((name, k) => k % 2 === 0 && name.toLowerCase() === "location")) {
        return fallback(input, init);
      }
      const encoding = headerValue(answer.rawHeaders, "content-encoding")?.trim().toLowerCase();
      const decode = encoding ? decoders[encoding] : undefined;
      if (decode && answer.body.length > 0) answer.body = await decode(answer.body);
    } catch (error) {
      if (callerSignal?.aborted) throw callerSignal.reason ?? error;
      if (deadline.passed) throw new OutboundTimeoutError(`${method} ${url.origin}${url.pathname}`, timeoutMs, { cause: error });
      // As fetch reports a network failure, so callers (Octokit) read the cause the same way.
      throw new TypeError("fetch failed", { cause: error });
    }
    const responseHeaders = new Headers();
    for (let k = 0; k < answer.rawHeaders.length; k += 2) responseHeaders.append(answer.rawHeaders[k]!, answer.rawHeaders[k + 1]!);
    const body = method === "HEAD" || nullBodyStatuses.has(answer.status) ? null : (answer.body as Uint8Array<ArrayBuffer>);
    const response = new Response(body, { status: answer.status, statusText: answer.statusText, headers: responseHeaders });
    Object.defineProperty(response, "url", { value: url.href });
    return response;
  };
}

function headerValue(rawHeaders: string[], name: string): string | undefined {
  for (let k = 0; k < rawHeaders.length; k += 2) if (rawHeaders[k]!.toLowerCase() === name) return rawHeaders[k + 1];
  return undefined;
}

/** Sends on a new connection after this many reused ones turned out closed. */
const MAX_STALE_CONNECTIONS = 3;

interface Deadline {
  at: number;
  passed: boolean;
}

interface Outbound {
  url: URL;
  method: string;
  headers: Record<string, string>;
  agent: http.Agent;
  deadline: Deadline;
  callerSignal: AbortSignal | null;
}

async function send(request: Outbound): Promise<Answer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await sendOnce(request, attempt > MAX_STALE_CONNECTIONS);
    } catch (error) {
      // A keep-alive connection the server closed while it sat idle fails at once; GET and HEAD
      // are safe to send again (Node's documented pattern for `reusedSocket`).
      const stale = (error as { reusedSocket?: boolean }).reusedSocket === true;
      if (!stale || request.deadline.passed || request.callerSignal?.aborted || attempt > MAX_STALE_CONNECTIONS) throw error;
    }
  }
}

function sendOnce({ url, method, headers, agent, deadline, callerSignal }: Outbound, newConnection: boolean): Promise<Answer> {
  return new Promise<Answer>((resolve, reject) => {
    const transport = url.protocol === "https:" ? https : http;
    const req = transport.request(url, { method, headers, ...(newConnection ? { agent: false } : { agent }) }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("error", fail);
      res.on("close", () => {
        if (!res.complete) fail(new Error("The connection closed before the answer was complete"));
      });
      res.on("end", () => {
        settle();
        resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? "", rawHeaders: res.rawHeaders, body: Buffer.concat(chunks) });
      });
    });
    const timer = setTimeout(() => {
      deadline.passed = true;
      req.destroy(new Error("timed out"));
    }, Math.max(0, deadline.at - performance.now()));
    const onAbort = () => req.destroy(callerSignal?.reason instanceof Error ? callerSignal.reason : new Error("aborted"));
    callerSignal?.addEventListener("abort", onAbort, { once: true });
    function settle() {
      clearTimeout(timer);
      callerSignal?.removeEventListener("abort", onAbort);
    }
    function fail(error: Error) {
      settle();
      reject(error);
    }
    req.on("error", (error: NodeJS.ErrnoException & { reusedSocket?: boolean }) => {
      if (req.reusedSocket && (error.code === "ECONNRESET" || error.code === "EPIPE")) error.reusedSocket = true;
      fail(error);
    });
    req.end();
  });
}
