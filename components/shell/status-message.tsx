import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";

/** The body of the 403 and 404 pages: a status code, what happened, the way back. */
export function StatusMessage({ code, tone, title, children }: { code: number; tone: "accent" | "danger"; title: string; children: React.ReactNode }) {
  return (
    <div className="max-w-md text-center">
      <p className={cn("text-sm font-semibold", tone === "danger" ? "text-danger" : "text-accent")}>{code}</p>
      <h1 className="mt-2 text-2xl font-semibold">{title}</h1>
      <p className="mt-2 text-sm text-fg-muted">{children}</p>
      <Link href="/" className={buttonClasses("primary", "mt-6")}>
        Back to the portal
      </Link>
    </div>
  );
}
