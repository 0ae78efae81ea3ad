import { PageSkeleton } from "@/components/ui/page-skeleton";

// Loading boundaries sit below role checks only: a boundary above a forbidden() call
// would start streaming with status 200 before the 403 could be set. The same goes for
// notFound(), so this boundary covers the list only (route group), not the module pages.
export default function Loading() {
  return <PageSkeleton />;
}
