/** A person the OIDC emulator can sign in. `username` doubles as the OIDC `sub`. */
export interface DemoUser {
  username: string;
  name: string;
  email: string;
  /** Sent as the `groups` claim; the app maps these to roles and workloads. */
  groups: string[];
  /** What the demo story expects this user to be in Bulkhead (shown on the sign-in page only). */
  persona: string;
}

/**
 * The demo people seeded in dev and used by the end-to-end journeys.
 * Group names follow the `<workload>-leads` / `team-<workload>` / `platform-admins`
 * convention that the app's default role mapping expects.
 */
export const demoUsers: readonly DemoUser[] = [
  {
    username: "alice",
    name: "Alice Anders",
    email: "alice@acme.example",
    groups: ["team-payments"],
    persona: "Builder on the payments workload",
  },
  {
    username: "bob",
    name: "Bob Baker",
    email: "bob@acme.example",
    groups: ["payments-leads", "ledger-leads"],
    persona: "Lead of the payments and ledger workloads",
  },
  {
    username: "carol",
    name: "Carol Chen",
    email: "carol@acme.example",
    groups: ["platform-admins"],
    persona: "Platform admin",
  },
  {
    username: "dave",
    name: "Dave Diaz",
    email: "dave@acme.example",
    groups: [],
    persona: "Builder with no workload",
  },
];

/** Looks a demo user up by username, ignoring case and surrounding spaces. */
export function findDemoUser(username: string): DemoUser | undefined {
  const wanted = username.trim().toLowerCase();
  return demoUsers.find((user) => user.username === wanted);
}
