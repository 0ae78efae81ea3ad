import http from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OutboundTimeoutError } from "./fetch-with-timeout";
import { createNodeHttpFetch } from "./node-http-fetch";

let server: http.Server;
let baseUrl: string;
const seen: Array<{ method: string; path: string; headers: http.IncomingHttpHeaders }> = [];
/** Requests each connection carried, to close one while the client thinks it is still open. */
const requestsPerSocket = new WeakMap<object, number>();

beforeAll(async () => {
  server = http.createServer((request, response) => {
    const path = request.url ?? "";
    seen.push({ method: request.method ?? "", path, headers: request.headers });
    const onSocket = (requestsPerSocket.get(request.socket) ?? 0) + 1;
    requestsPerSocket.set(request.socket, onSocket);
    if (path === "/json") {
      response.writeHead(200, { "content-type": "application/json; charset=utf-8", "x-ratelimit-remaining": "4999" });
      response.end(JSON.stringify({ sha: "abc", echo: request.headers.authorization ?? null }));
    } else if (path === "/gzip") {
      response.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" });
      response.end(zlib.gzipSync(JSON.stringify({ compressed: true })));
    } else if (path === "/missing") {
      response.writeHead(404, { "content-type": "application/json" });
      response.end(JSON.stringify({ message: "Not Found" }));
    } else if (path === "/empty") {
      response.writeHead(204);
      response.end();
    } else if (path === "/moved") {
      response.writeHead(301, { location: "/json" });
      response.end();
    } else if (path === "/second-on-socket-closes" && onSocket > 1) {
      // As a server whose idle timeout closed the connection just as the client reused it.
      request.socket.destroy();
    } else if (path === "/second-on-socket-closes") {
      response.writeHead(200, { "content-type": "text/plain" });
      response.end("ok");
    } else if (path === "/stall-body") {
      response.writeHead(200, { "content-type": "application/json" });
      response.write('{"id":');
    }
    // Anything else never answers.
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const neverCalled: typeof fetch = async () => {
  throw new Error("the fallback was called");
};

describe("createNodeHttpFetch", () => {
  it("answers a GET as fetch does: status, headers, body and url, with the caller's headers sent", async () => {
    const response = await createNodeHttpFetch({ timeoutMs: 2000, fallback: neverCalled })(`${baseUrl}/json`, { headers: { authorization: "token t1" } });
    expect(response.status).toBe(200);
    expect(response.url).toBe(`${baseUrl}/json`);
    expect(response.headers.get("x-ratelimit-remaining")).toBe("4999");
    expect(await response.json()).toEqual({ sha: "abc", echo: "token t1" });
    expect(seen.at(-1)?.headers["accept-encoding"]).toBe("gzip, deflate, br");
  });

  it("decompresses a gzip body, and passes error statuses and empty answers through", async () => {
    const call = createNodeHttpFetch({ timeoutMs: 2000, fallback: neverCalled });
    expect(await (await call(`${baseUrl}/gzip`)).json()).toEqual({ compressed: true });
    const missing = await call(`${baseUrl}/missing`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ message: "Not Found" });
    const empty = await call(`${baseUrl}/empty`);
    expect(empty.status).toBe(204);
    expect(empty.body).toBeNull();
  });

  it("hands requests with a body, other methods and redirects to the fallback", async () => {
    const handed: string[] = [];
    const fallback: typeof fetch = async (input, init) => {
      handed.push(`${init?.method ?? "GET"} ${String(input)}`);
      return new Response("from fallback");
    };
    const call = createNodeHttpFetch({ timeoutMs: 2000, fallback });
    await call(`${baseUrl}/json`, { method: "POST", body: "{}" });
    await call(`${baseUrl}/json`, { redirect: "manual" });
    expect(await (await call(`${baseUrl}/moved`)).text()).toBe("from fallback");
    expect(handed).toEqual([`POST ${baseUrl}/json`, `GET ${baseUrl}/json`, `GET ${baseUrl}/moved`]);
  });

  it("sends a GET again when the keep-alive connection it reused had been closed by the server", async () => {
    const call = createNodeHttpFetch({ timeoutMs: 2000, fallback: neverCalled });
    expect(await (await call(`${baseUrl}/second-on-socket-closes`)).text()).toBe("ok");
    const before = seen.length;
    expect(await (await call(`${baseUrl}/second-on-socket-closes`)).text()).toBe("ok");
    expect(seen.slice(before).map((r) => r.path)).toEqual(["/second-on-socket-closes", "/second-on-socket-closes"]);
  });

  it("gives up on a server that never answers or stalls in the body, naming the call but not its query", async () => {
    const call = createNodeHttpFetch({ timeoutMs: 300, fallback: neverCalled });
    const silent = await call(`${baseUrl}/silent?code=secret`).catch((error: unknown) => error);
    expect(silent).toBeInstanceOf(OutboundTimeoutError);
    expect((silent as Error).message).toBe(`GET ${baseUrl}/silent did not answer within 300 ms`);
    expect(await call(`${baseUrl}/stall-body`).catch((error: unknown) => error)).toBeInstanceOf(OutboundTimeoutError);
  });

  it("stops when the caller aborts, with the caller's reason, and reports a refused connection as fetch does", async () => {
    const call = createNodeHttpFetch({ timeoutMs: 5000, fallback: neverCalled });
    const controller = new AbortController();
    const pending = call(`${baseUrl}/silent`, { signal: controller.signal }).catch((error: unknown) => error);
    controller.abort(new Error("caller gave up"));
    expect(await pending).toEqual(new Error("caller gave up"));
    const refused = await call("http://127.0.0.1:1/json").catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TypeError);
    expect(((refused as TypeError).cause as NodeJS.ErrnoException).code).toBe("ECONNREFUSED");
  });
});
