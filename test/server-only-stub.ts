// Vitest stand-in for the `server-only` marker package, whose default export throws
// outside React's server build. Tests run server code directly, so the marker is moot.
export {};
