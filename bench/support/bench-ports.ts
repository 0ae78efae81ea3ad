/**
 * Ports for what the benches start, from BENCH_PORT_BASE (default 3400): app, OIDC emulator,
 * GitHub emulator, the bare Next page of the pages bench, and the AWS emulator.
 */
export function benchPorts(): { app: number; oidc: number; github: number; bareApp: number; aws: number } {
  const base = Number(process.env.BENCH_PORT_BASE ?? 3400);
  if (!Number.isInteger(base) || base < 1024 || base > 65_000) throw new Error(`BENCH_PORT_BASE must be a port number, not "${process.env.BENCH_PORT_BASE}"`);
  return { app: base, oidc: base + 1, github: base + 2, bareApp: base + 3, aws: base + 4 };
}
