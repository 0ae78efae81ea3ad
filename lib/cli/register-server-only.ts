import { register } from "node:module";

let registered = false;

/**
 * The adapters are `server-only` for Next; outside it, resolve that marker as React's server
 * build does (to its empty module) so the CLI and the benches can import them in plain Node.
 */
export function registerServerOnly(): void {
  if (registered) return;
  registered = true;
  register(
    "data:text/javascript," +
      encodeURIComponent(
        'export async function resolve(s, c, n) { return s === "server-only" ? n(s, { ...c, conditions: [...c.conditions, "react-server"] }) : n(s, c); }',
      ),
    import.meta.url,
  );
}
