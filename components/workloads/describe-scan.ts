import type { ManualScanResult } from "@/lib/estate";

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** One sentence for what a manual scan of the consumer repo found and did to the notices. */
export function describeScan(result: ManualScanResult): string {
  const found = `${count(result.units, "unit")}, ${count(result.references, "module reference")}${result.bringYourOwn > 0 ? ` (${result.bringYourOwn} bring-your-own)` : ""}`;
  const changes = result.started + result.ended === 0 ? "nothing changed since the last scan" : `${count(result.started, "consumption")} started, ${result.ended} ended`;
  const { opened, resolved } = result.notices;
  const notices = opened + resolved === 0 ? "no notice opened or resolved" : `notices: ${opened} opened, ${resolved} resolved`;
  const unreadable = result.unreadableFiles.length > 0 ? ` ${count(result.unreadableFiles.length, "file")} could not be parsed: ${result.unreadableFiles.join(", ")}.` : "";
  return `Scanned ${result.commitSha.slice(0, 7)}: ${found}; ${changes}; ${notices}.${unreadable}`;
}
