/** `bulkhead/<unit>-<env>-<shortid>`: fixed when the request is stored, so every retry uses it. */
export function buildBranchName(options: { unitName: string; env: string; id: string }): string {
  return `bulkhead/${options.unitName}-${options.env}-${options.id.replace(/-/g, "").slice(0, 8)}`;
}
