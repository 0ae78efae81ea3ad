/**
 * Ports for what the benches start, from BENCH_PORT_BASE (default 3400): app, OIDC emulator,
 * GitHub emulator, the bare Next page of the pages bench, and the AWS emulator. Each can also be
 * set on its own (BENCH_APP_PORT, BENCH_OIDC_PORT, BENCH_GITHUB_PORT, BENCH_BARE_PORT,
 * BENCH_AWS_PORT), so runs that share a machine can use ports handed out to them that are not
 * consecutive.
 */
export function benchPorts(env: Readonly<Record<string, string | undefined>> = process.env): { app: number; oidc: number; github: number; bareApp: number; aws: number } {
  const base = readPort(env, "BENCH_PORT_BASE", 3400);
  const ports = {
    app: readPort(env, "BENCH_APP_PORT", base),
    oidc: readPort(env, "BENCH_OIDC_PORT", base + 1),
    github: readPort(env, "BENCH_GITHUB_PORT", base + 2),
    bareApp: readPort(env, "BENCH_BARE_PORT", base + 3),
    aws: readPort(env, "BENCH_AWS_PORT", base + 4),
  };
  const taken = new Map<number, string>();
  for (const [name, port] of Object.entries(ports)) {
    if (port > 65_535) throw new Error(`bench ports: ${name} would be ${port}; lower BENCH_PORT_BASE`);
    const other = taken.get(port);
    if (other) throw new Error(`bench ports: ${name} and ${other} are both ${port}`);
    taken.set(port, name);
  }
  return ports;
}

function readPort(env: Readonly<Record<string, string | undefined>>, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1024 || port > 65_535) throw new Error(`${name} must be a port number (1024–65535), not "${raw}"`);
  return port;
}
