import type { Db } from "../create-prisma-client";
import type { IdpGroupsReader } from "./idp-groups-reader";
import type { RoleRule } from "./role-mapping";
import type { SessionPolicy } from "./session-policy";

/** What checking a session needs; `getSessionDeps()` (get-viewer.ts) builds it from the environment. */
export interface SessionDeps {
  db: Db;
  policy: SessionPolicy;
  rules: readonly RoleRule[];
  idp: IdpGroupsReader;
  /** AUTH_SECRET: seals and opens the IdP token kept with the session. */
  secret: string;
  now(): Date;
}
