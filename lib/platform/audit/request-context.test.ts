import { NextRequest } from "next/server";
import { describe, expect, it, vi } from "vitest";
import { withPublicRoute } from "../http/with-route";
import { currentRequestId, REQUEST_ID_HEADER, runInRequestContext, tagResponse, withRequestContext } from "./request-context";

// Public routes take no session; the session module (next-auth) stays out of this test.
vi.mock("../auth/get-viewer", () => ({ requireViewer: async () => null }));

const noParams = { params: Promise.resolve({}) };

describe("request context", () => {
  it("gives one id to everything a request awaits, and a nested run the same id", async () => {
    expect(currentRequestId()).toBeUndefined();
    const seen = await runInRequestContext(async (id) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      const inner = await runInRequestContext(async (nested) => nested);
      return { id, later: currentRequestId(), inner };
    });
    expect(seen.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(seen).toEqual({ id: seen.id, later: seen.id, inner: seen.id });
    expect(currentRequestId()).toBeUndefined();
  });

  it("keeps concurrent requests apart, and takes an explicit id (a job run)", async () => {
    const ids = await Promise.all([1, 2, 3].map(() => runInRequestContext(async (id) => (await Promise.resolve(), currentRequestId() === id ? id : "mixed"))));
    expect(new Set(ids).size).toBe(3);
    expect(runInRequestContext(() => currentRequestId(), "job:42")).toBe("job:42");
  });

  it("tells the caller the id in x-request-id, from withPublicRoute and a wrapped foreign handler, errors included", async () => {
    let inside: string | undefined;
    const route = withPublicRoute(async () => {
      inside = currentRequestId();
      return { ok: true };
    });
    const response = await route(new NextRequest("http://portal.test/x"), noParams);
    expect(response.headers.get(REQUEST_ID_HEADER)).toBe(inside);
    const failing = withPublicRoute(async () => {
      throw new Error("boom");
    });
    const failed = await failing(new NextRequest("http://portal.test/x"), noParams);
    expect(failed.status).toBe(500);
    const body = (await failed.json()) as { error: { message: string } };
    // The reference in the 500 is the request id, so the log line, the audit rows and the user's report meet.
    expect(body.error.message).toContain(`reference ${failed.headers.get(REQUEST_ID_HEADER)}`);
    const foreign = withRequestContext(async () => Response.json({ id: currentRequestId() }));
    const answer = await foreign();
    expect(((await answer.json()) as { id: string }).id).toBe(answer.headers.get(REQUEST_ID_HEADER));
  });

  it("leaves a response with immutable headers alone", async () => {
    const immutable = Response.redirect("http://portal.test/elsewhere", 302);
    expect(() => tagResponse(immutable, "r-1")).not.toThrow();
  });
});
