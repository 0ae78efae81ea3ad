import Link from "next/link";
import { MobileNav } from "@/components/shell/mobile-nav";
import { NavLinks } from "@/components/shell/nav-links";
import { SessionGuard } from "@/components/shell/session-guard";
import { sections } from "@/components/shell/sections";
import { UserMenu } from "@/components/shell/user-menu";
import { countUnreadNotices, getEstateDeps } from "@/lib/estate";
import { requirePageViewer } from "@/lib/platform/auth/get-viewer";
import { logger } from "@/lib/platform/logger";
import { roleAtLeast } from "@/lib/platform/auth/roles";
import { signOutAction } from "./actions";

export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  const viewer = await requirePageViewer();
  // The inbox badge must never take the shell down: a failed count shows no badge.
  const unread = await countUnreadNotices(getEstateDeps(), viewer).catch((error: unknown) => {
    logger.warn("inbox count failed", { error });
    return 0;
  });
  const links = sections.filter((s) => roleAtLeast(viewer.role, s.minRole)).map(({ href, label }) => ({ href, label, badge: href === "/inbox" ? unread : undefined }));
  return (
    <div className="min-h-dvh">
      <SessionGuard />
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <header className="sticky top-0 z-20 border-b border-line bg-raised/90 backdrop-blur">
        <div className="mx-auto flex h-14 max-w-7xl items-center justify-between gap-3 px-4">
          <div className="flex items-center gap-2">
            <MobileNav links={links} />
            <Link href="/" className="flex items-center gap-2 font-semibold tracking-tight">
              {/* eslint-disable-next-line @next/next/no-img-element -- a tiny static SVG needs no optimisation */}
              <img src="/favicon.svg" alt="" width={24} height={24} />
              Bulkhead
            </Link>
          </div>
          <UserMenu viewer={viewer} signOutAction={signOutAction} />
        </div>
      </header>
      <div className="mx-auto flex max-w-7xl gap-8 px-4">
        <nav aria-label="Sections" className="sticky top-14 hidden h-[calc(100dvh-3.5rem)] w-52 shrink-0 py-6 md:block">
          <NavLinks links={links} />
        </nav>
        <main id="main" className="min-w-0 flex-1 py-6">
          {children}
        </main>
      </div>
    </div>
  );
}
