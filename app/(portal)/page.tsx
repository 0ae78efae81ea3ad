import Link from "next/link";
import { sections } from "@/components/shell/sections";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageViewer } from "@/lib/platform/auth/get-viewer";
import { roleAtLeast } from "@/lib/platform/auth/roles";
import { DetailItem } from "@/components/ui/detail-item";

export const metadata = { title: "Home" };

const roleLine = {
  builder: "You can browse the catalogue and scaffold modules into your workloads' consumer repos.",
  lead: "You can do everything a builder does, and request account sets and tag changes for the workloads you lead.",
  admin: "You run the catalogue, approve vends and tag changes (never your own) and see the whole estate.",
};

export default async function HomePage() {
  const viewer = await requirePageViewer();
  return (
    <>
      <PageHeader title={`Welcome, ${viewer.name.split(" ")[0]}`} description={roleLine[viewer.role]} />
      <Card className="mb-6" aria-labelledby="you-heading">
        <h2 id="you-heading" className="text-sm font-semibold text-fg-subtle uppercase">
          Signed in as
        </h2>
        <dl className="mt-3 grid gap-3 text-sm sm:grid-cols-3">
          <DetailItem term="Name" className="font-medium">{viewer.name}</DetailItem>
          <DetailItem term="Role">
            <Badge tone="brand">
              <span data-testid="home-role">{viewer.role}</span>
            </Badge>
          </DetailItem>
          <DetailItem term="Workloads" data-testid="home-workloads">
            {viewer.workloads.length === 0
              ? viewer.role === "admin"
                ? "All (platform admin)"
                : "None yet. Ask a platform admin to add you to a workload."
              : viewer.workloads.map((w) => `${w.name} (${w.role})`).join(", ")}
          </DetailItem>
        </dl>
      </Card>
      <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {sections
          .filter((s) => roleAtLeast(viewer.role, s.minRole))
          .map((s) => (
            <li key={s.href}>
              <Link
                href={s.href}
                className="block h-full rounded-lg border border-line bg-raised p-5 hover:border-focus"
              >
                <span className="font-semibold">{s.label}</span>
                <span className="mt-1 block text-sm text-fg-muted">{s.summary}</span>
              </Link>
            </li>
          ))}
      </ul>
    </>
  );
}
