import { requirePageViewer } from "@/lib/platform/auth/get-viewer";

// Every admin page is admin-only; checking here, outside any loading boundary, keeps
// the 403 status on the response.
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  await requirePageViewer({ role: "admin" });
  return children;
}
