const loopbackHostnames = new Set(["localhost", "127.0.0.1", "[::1]"]);

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/** True for a plain-http URL on this machine, without credentials or fragment. */
export function isLoopbackHttpUrl(value: string): boolean {
  const url = parseUrl(value);
  return (
    url !== undefined &&
    url.protocol === "http:" &&
    loopbackHostnames.has(url.hostname) &&
    url.username === "" &&
    url.password === "" &&
    url.hash === ""
  );
}

/**
 * Decides whether `candidate` is a loopback variant of one of the registered redirect URIs:
 * any port on localhost/127.0.0.1/[::1], but the same path and query as a registered one.
 * Tests start the app on random ports, so the exact-match rule of OAuth would force
 * re-registering the client for every run.
 */
export function matchLoopbackRedirect(candidate: string, registered: readonly string[]): boolean {
  if (!isLoopbackHttpUrl(candidate)) {
    return false;
  }
  const url = parseUrl(candidate);
  if (url === undefined) {
    return false;
  }
  return registered.some((uri) => {
    const allowed = parseUrl(uri);
    return allowed !== undefined && allowed.pathname === url.pathname && allowed.search === url.search;
  });
}
