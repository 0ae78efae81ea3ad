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
    ];
  },
};

export default nextConfig;
