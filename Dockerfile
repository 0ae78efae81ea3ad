# syntax=docker/dockerfile:1
# Production image for Bulkhead. Stages: deps → build → runtime (Next standalone output).

FROM node:22-bookworm-slim AS deps
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
RUN npm ci --no-audit --no-fund

FROM deps AS build
COPY . .
RUN npx next build

# One-shot migration job, run as the database owner (DATABASE_MIGRATION_URL): the Prisma
# migrations, the job queue's schema, and the grants of the app's own role (the user in
# DATABASE_URL, created if missing). See scripts/migrate.ts.
FROM deps AS migrate
COPY scripts ./scripts
# The migration's connections use the portal's timeout settings (a file with no imports).
COPY lib/platform/database-pool-config.ts ./lib/platform/database-pool-config.ts
CMD ["node_modules/.bin/tsx", "scripts/migrate.ts"]

FROM node:22-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000 HOSTNAME=0.0.0.0
RUN apt-get update && apt-get install -y --no-install-recommends git ca-certificates && rm -rf /var/lib/apt/lists/* \
  && useradd --system --uid 1001 bulkhead
COPY --from=build --chown=bulkhead /app/.next/standalone ./
COPY --from=build --chown=bulkhead /app/.next/static ./.next/static
COPY --from=build --chown=bulkhead /app/public ./public
USER bulkhead
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s CMD node -e "fetch('http://127.0.0.1:3000/api/health').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["node", "server.js"]
