import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";

export default function NotFound() {
  return (
    <main className="grid min-h-dvh place-items-center px-4">
      <div className="max-w-md text-center">
        <p className="text-sm font-semibold text-accent">404</p>
        <h1 className="mt-2 text-2xl font-semibold">Page not found</h1>
        <p className="mt-2 text-sm text-fg-muted">The page may have moved, or the link is wrong.</p>
        <Link href="/" className={buttonClasses("primary", "mt-6")}>
          Back to the portal
        </Link>
      </div>
    </main>
  );
}
