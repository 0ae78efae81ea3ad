/*
 * lib/csv: the one CSV writer for exports (the platform's audit log, governance's audit export).
 * A shared library like lib/hcl: pure, no domain, imported as `@/lib/csv` by any domain's core
 * and the platform.
 */
export { csvField, csvRecord } from "./csv";
