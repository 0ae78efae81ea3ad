/** Fixed ports for the e2e stack, so specs can reach the emulators' control routes. */
export const e2ePorts = {
  app: Number(process.env.BULKHEAD_E2E_APP_PORT ?? 3100),
  oidc: Number(process.env.BULKHEAD_E2E_OIDC_PORT ?? 4110),
  github: Number(process.env.BULKHEAD_E2E_GITHUB_PORT ?? 4120),
  aws: Number(process.env.BULKHEAD_E2E_AWS_PORT ?? 4130),
};

export const e2eUrls = {
  app: `http://localhost:${e2ePorts.app}`,
  oidc: `http://localhost:${e2ePorts.oidc}`,
  github: `http://127.0.0.1:${e2ePorts.github}`,
  aws: `http://127.0.0.1:${e2ePorts.aws}`,
};

/** How the journeys launch Debian's Chromium; Playwright's own browser download is not available offline. */
export const chromiumLaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-gpu",
  ],
};
