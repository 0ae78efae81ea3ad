/**
 * A module reference as people read it: its file, and the reference's address in parentheses
 * unless it is the Terragrunt unit's own `terraform { source }` (then the file says it all).
 */
export function ReferenceName({ file, address }: { file: string; address: string }) {
  return (
    <>
      {file}
      {address === "terraform.source" ? "" : ` (${address})`}
    </>
  );
}
