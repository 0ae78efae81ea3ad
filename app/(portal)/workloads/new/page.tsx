import { RegisterWorkloadForm } from "@/components/workloads/register-workload-form";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageViewer } from "@/lib/platform/auth/get-viewer";
import { getScaffoldDeps } from "@/lib/scaffold/scaffold-deps";
import { registerWorkloadAction } from "./actions";

export const metadata = { title: "Register a workload" };

export default async function RegisterWorkloadPage() {
  const viewer = await requirePageViewer({ role: "lead" });
  const led = viewer.workloads.filter((w) => w.role === "lead").map((w) => w.slug);
  // Teams the viewer may register for, as suggestions: admins may also type any other team.
  const workloads = await getScaffoldDeps().store.listWorkloads(viewer.role === "admin" ? "all" : led);
  const teams = [...new Map(workloads.map((w) => [w.team.slug, { slug: w.team.slug, name: w.team.name }])).values()].sort((a, b) => a.slug.localeCompare(b.slug));
  return (
    <>
      <PageHeader
        title="Register a workload"
        description="Link an existing consumer repo with the Terragrunt layout (root.hcl, <env>/account.hcl, <env>/<region>/region.hcl). The portal checks that its GitHub App can see the repo."
      />
      <RegisterWorkloadForm teams={teams} register={registerWorkloadAction} />
    </>
  );
}
