import type { TimelineItem } from "@/lib/vending/vending-views";
import { formatDateTime } from "@/lib/platform/format-date-time";

/** The states a request and its accounts went through, oldest first, with times. */
export function SetTimeline({ items }: { items: TimelineItem[] }) {
  if (items.length === 0) return <p className="text-sm text-fg-muted">Nothing has happened yet.</p>;
  return (
    <ol className="space-y-2 border-l border-line pl-4 text-sm" data-testid="timeline">
      {items.map((item, i) => (
        <li key={`${item.at}-${i}`}>
          <span className="font-medium">{item.env ? `${item.env}: ` : ""}{item.label}</span>
          <span className="text-fg-subtle"> · {item.actor}</span>
          <time className="ml-2 text-xs text-fg-subtle" dateTime={item.at}>
            {formatDateTime(item.at, { seconds: true })}
          </time>
          {item.detail ? <p className="mt-0.5 break-words text-xs text-fg-muted">{item.detail}</p> : null}
        </li>
      ))}
    </ol>
  );
}
