import { NextRequest } from "next/server";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import type { Viewer } from "../auth/roles";

const lead: Viewer = { id: "0b0a11ce-0000-4000-8000-000000000002", username: "bob", name: "Bob Lead", email: null, role: "lead", workloads: [{ slug: "payments", name: "Payments", role: "lead" }] };

// The session is not what these tests are about: every request is bob's.
vi.mock("../auth/get-viewer", () => ({ requireViewer: async () => lead }));
// Some routes build their deps before they read the body; a body that is not JSON must never reach them.
const unreachable = () => {
  throw new Error("deps built for a body that is not JSON");
};
vi.mock("@/lib/workloads", async (original) => ({ ...(await original<object>()), getWorkloadsDeps: () => ({}) }));
vi.mock("@/lib/scaffold", async (original) => ({ ...(await original<object>()), getScaffoldDeps: unreachable }));

const { withPublicRoute, withRoute } = await import("./with-route");

const post = (path: string, body: string) =>
  new NextRequest(`http://portal.test${path}`, { method: "POST", body, headers: { "content-type": "application/json" } });
const noParams = { params: Promise.resolve({}) };

const malformed = ["{", "", "not json", '{"workload": "payments",}', "\u0000"];

describe("withRoute and malformed JSON", () => {
  it("answers 400 with a clear message when a handler reads a body that is not JSON, for every route", async () => {
    const route = withRoute(async ({ request }) => z.object({ name: z.string() }).parse(await request.json()));
    const open = withPublicRoute(async ({ request }) => request.json());
    for (const body of malformed) {
      for (const handler of [route, open]) {
        const response = await handler(post("/api/anything", body), noParams);
        expect(response.status, JSON.stringify(body)).toBe(400);
        expect(await response.json()).toEqual({
          error: { code: "BAD_REQUEST", message: "The request body is not valid JSON: send one JSON object, with Content-Type: application/json." },
        });
      }
    }
  });

  it("still answers 422 for JSON of the wrong shape, and 500 for a SyntaxError that is not about the body", async () => {
    const route = withRoute(async ({ request }) => z.object({ name: z.string() }).parse(await request.json()));
    expect((await route(post("/api/anything", '{"name": 3}'), noParams)).status).toBe(422);
    const buggy = withRoute(async () => JSON.parse("{"));
    expect((await buggy(post("/api/anything", "{}"), noParams)).status).toBe(500);
  });

  // The routes the security review posted broken JSON to, which answered 500.
  it("answers 400 on POST /api/scaffolds, /api/scaffolds/preview, /api/workloads and /api/workloads/:slug/promotions", async () => {
    const routes = [
      { path: "/api/scaffolds", module: await import("@/app/api/scaffolds/route"), params: {} },
      { path: "/api/scaffolds/preview", module: await import("@/app/api/scaffolds/preview/route"), params: {} },
      { path: "/api/workloads", module: await import("@/app/api/workloads/route"), params: {} },
      { path: "/api/workloads/payments/promotions", module: await import("@/app/api/workloads/[slug]/promotions/route"), params: { slug: "payments" } },
    ];
    for (const { path, module, params } of routes) {
      for (const body of malformed) {
        const response = await module.POST(post(path, body), { params: Promise.resolve(params as never) });
        expect(response.status, `${path} ${JSON.stringify(body)}`).toBe(400);
        expect(((await response.json()) as { error: { code: string } }).error.code).toBe("BAD_REQUEST");
      }
    }
  });
});
