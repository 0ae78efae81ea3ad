// Validates the environment once when the server starts, so a misconfiguration fails
// loudly at boot with every problem listed, instead of on the first request.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getEnv } = await import("./lib/platform/env");
  getEnv();
}
