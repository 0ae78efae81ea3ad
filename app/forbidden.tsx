import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";

export const metadata = { title: "Not allowed" };

export default function Forbidden() {
  return (
    <main className="grid min-h-dvh place-items-center px-4">
      <div className="max-w-md text-center">
        <p className="text-sm font-semibold text-danger">403</p>
        <h1 className="mt-2 text-2xl font-semibold">You don&apos;t have access to this page</h1>
        <p className="mt-2 text-sm text-fg-muted">
          Your role does not include it. If you need access, ask a platform admin to add you to the right group at your
          identity provider.
        </p>
        <Link href="/" className={buttonClasses("primary", "mt-6")}>
          Back to the portal
        </Link>
      </div>
    </main>
  );
}
