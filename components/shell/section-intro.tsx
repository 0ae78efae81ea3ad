import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { sections } from "./sections";

/** Header plus an honest empty state for a section whose capability has not shipped yet. */
export function SectionIntro({ href, emptyTitle, children }: { href: string; emptyTitle: string; children: React.ReactNode }) {
  const section = sections.find((s) => s.href === href);
  return (
    <>
      <PageHeader title={section?.label ?? href} description={section?.summary} />
      <EmptyState title={emptyTitle}>{children}</EmptyState>
    </>
  );
}
