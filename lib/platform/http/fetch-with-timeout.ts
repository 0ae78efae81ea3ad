/** Raised when an outbound call gets no complete answer in time; the message names the call. */
export class OutboundTimeoutError extends Error {
  constructor(
    readonly target: string,
    readonly timeoutMs: number,
    options?: { cause?: unknown },
  ) {
    super(`${target} did not answer within ${timeoutMs} ms`, options);
    this.name = "OutboundTimeoutError";
  }
}

function describeTarget(input: Parameters<typeof fetch>[0], init?: RequestInit): string {
  const method = (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
  const url = input instanceof Request ? input.url : String(input);
  // The path is enough to find the call; query strings may carry tokens (OAuth codes).
  let where = url;
  try {
    const parsed = new URL(url);
    where = `${parsed.origin}${parsed.pathname}`;
  } catch {
    // keep the raw text
  }
  return `${method} ${where}`;
}

const nullBodyStatuses = new Set([101, 204, 205, 304]);

/**
 * A `fetch` that gives up after `timeoutMs`, covering the whole exchange: connecting, the
 * headers and the body. The body is read inside the deadline and handed back buffered,
 * because Octokit swallows errors while reading a body (a stalled body would become `""`);
 * Octokit buffers every body anyway. A caller's own signal still works. Every outbound HTTP
 * call of the portal goes through one of these, so none can outlive a lease or hold a
 * request open indefinitely.
 */
export function createTimeoutFetch(timeoutMs: number, baseFetch: typeof fetch = globalThis.fetch): typeof fetch {
  return async (input, init) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    try {
      const response = await baseFetch(input, { ...init, signal });
      const body = nullBodyStatuses.has(response.status) ? null : await response.arrayBuffer();
      const buffered = new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
      Object.defineProperty(buffered, "url", { value: response.url });
      Object.defineProperty(buffered, "redirected", { value: response.redirected });
      return buffered;
    } catch (error) {
      if (timeout.aborted && !init?.signal?.aborted) {
        throw new OutboundTimeoutError(describeTarget(input, init), timeoutMs, { cause: error });
      }
      throw error;
    }
  };
}
