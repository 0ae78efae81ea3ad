import { PageSkeleton } from "@/components/ui/page-skeleton";

// Below the admin layout's role check, and the page calls neither forbidden() nor notFound(),
// so streaming the skeleton first cannot turn a 403 or 404 into a 200.
export default function Loading() {
  return <PageSkeleton />;
}
