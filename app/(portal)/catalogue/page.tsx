import { SectionIntro } from "@/components/shell/section-intro";
import { requirePageViewer } from "@/lib/platform/auth/get-viewer";

export const metadata = { title: "Catalogue" };

export default async function CataloguePage() {
  await requirePageViewer();
  return (
    <SectionIntro href="/catalogue" emptyTitle="No module sources synced yet">
      Modules appear here once a platform admin configures a module source and it has been synced.
    </SectionIntro>
  );
}
