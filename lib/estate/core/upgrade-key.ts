/** What names a unit in its upgrade PRs' keys: the workload, the file and the reference's address. */
export interface UpgradeKeyUnit {
  workloadId: string;
  file: string;
  address: string;
}

/** The part of an upgrade PR's idempotency key that names the unit: `upgrade:<workloadId>:<file>#<address>`. */
export function upgradeUnitKey(unit: UpgradeKeyUnit): string {
  return `upgrade:${unit.workloadId}:${unit.file}#${unit.address}`;
}

/** One PR per unit and target version, whoever asks: `upgrade:<workloadId>:<file>#<address>:<versionId>`. */
export function upgradeKey(unit: UpgradeKeyUnit, toVersionId: string): string {
  return `${upgradeUnitKey(unit)}:${toVersionId}`;
}

/**
 * The unit part of an upgrade request's key, given the version the request goes to; null when
 * the key is not an upgrade key for that version. Cut at the known version id rather than parsed,
 * since a file name may hold `:` or `#`.
 */
export function unitKeyOfUpgrade(idempotencyKey: string, toVersionId: string): string | null {
  const suffix = `:${toVersionId}`;
  if (!idempotencyKey.startsWith("upgrade:") || !idempotencyKey.endsWith(suffix)) return null;
  return idempotencyKey.slice(0, -suffix.length);
}
