"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";

export interface NavLink {
  href: string;
  label: string;
  /** A count shown beside the label (the inbox's unread notices); hidden when zero. */
  badge?: number;
}

/** Section links with the current one marked for assistive tech as well as visually. */
export function NavLinks({ links, onNavigate }: { links: NavLink[]; onNavigate?: () => void }) {
  const pathname = usePathname();
  return (
    <ul className="flex flex-col gap-1">
      {links.map((link) => {
        const current = pathname === link.href || pathname.startsWith(`${link.href}/`);
        return (
          <li key={link.href}>
            <Link
              href={link.href}
              onClick={onNavigate}
              aria-current={current ? "page" : undefined}
              className={cn(
                "block rounded-md px-3 py-2 text-sm font-medium",
                current
                  ? "bg-accent-soft text-accent"
                  : "text-fg-muted hover:bg-tint",
              )}
            >
              {link.label}
              {link.badge ? (
                <span className="ml-2 inline-flex min-w-5 items-center justify-center rounded-full bg-accent-solid px-1.5 text-xs font-semibold text-white" data-testid={`badge-${link.href.slice(1)}`}>
                  {link.badge > 99 ? "99+" : link.badge}
                  <span className="sr-only"> unread</span>
                </span>
              ) : null}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
