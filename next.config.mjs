/**
 * Pages that hold no secrets (module docs, workloads, the home page) may enter the browser's
 * back/forward cache. Next sends `private, no-cache, no-store, max-age=0, must-revalidate` on
 * every dynamic page, and `no-store` keeps a page out of it; Next keeps a Cache-Control set here
 * (send-payload.js: "allow users to customize it via next.config"). `private, no-cache` still
 * sends every load and reload to the server, which checks the session, and lets no shared
 * cache store the page. Only documents: the router's RSC requests keep Next's header. Admin,
 * scaffold requests, accounts and approvals keep no-store. After a sign-out,
 * components/shell/session-guard.tsx reloads a page the cache brings back.
 */
const BACK_FORWARD_CACHEABLE = ["/", "/catalogue", "/catalogue/:path*", "/workloads", "/workloads/:path*", "/estate"];

/** @type {import('next').NextConfig} */
const nextConfig = {
  output: "standalone",
  poweredByHeader: false,
  reactStrictMode: true,
  // `npm run typecheck` is the type gate (it covers tests, scripts and emulators too);
  // checking again inside every build only costs time.
  typescript: { ignoreBuildErrors: true },
  // Packages with native or wasm parts that must not be bundled.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "@cdktn/hcl2json",
    "@cdktn/hcl-tools",
    "web-tree-sitter",
    "@tree-sitter-grammars/tree-sitter-hcl",
    "pg-boss",
  ],
  // Files resolved at run time that output tracing cannot see.
  outputFileTracingIncludes: {
    "/**": ["./node_modules/@tree-sitter-grammars/tree-sitter-hcl/*.wasm", "./node_modules/web-tree-sitter/*.wasm"],
  },
  experimental: {
    // forbidden() renders app/forbidden.tsx with a real 403 status.
    authInterrupts: true,
  },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "X-Frame-Options", value: "DENY" },
        ],
      },
      ...BACK_FORWARD_CACHEABLE.map((source) => ({
        source,
        missing: [{ type: "header", key: "rsc" }],
        headers: [{ key: "Cache-Control", value: "private, no-cache" }],
      })),
    ];
  },
};

export default nextConfig;
