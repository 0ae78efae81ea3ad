import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";

/** Newer / older links of a keyset-paginated audit view; the cursors are event ids in the URL. */
export function AuditPager({ newerHref, olderHref }: { newerHref: string | null; olderHref: string | null }) {
  if (!newerHref && !olderHref) return null;
  return (
    <nav aria-label="Audit log pages" className="mt-3 flex gap-2">
      {newerHref ? (
        <Link href={newerHref} className={buttonClasses("secondary")} rel="prev">
          ← Newer events
        </Link>
      ) : null}
      {olderHref ? (
        <Link href={olderHref} className={buttonClasses("secondary")} rel="next">
          Older events →
        </Link>
      ) : null}
    </nav>
  );
}
