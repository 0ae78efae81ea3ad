/** A timestamp as people here read it, in UTC so that server and browser agree. */
export function formatTime(iso: string | null): string {
  if (!iso) return "";
  return `${new Date(iso).toLocaleString("en-GB", { timeZone: "UTC", dateStyle: "medium", timeStyle: "medium" })} UTC`;
}
