import { RegisterWorkloadForm } from "@/components/workloads/register-workload-form";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageViewer } from "@/lib/platform/auth/get-viewer";
import { getRegistrationForm, getWorkloadsDeps } from "@/lib/workloads";
import { registerWorkloadAction } from "./actions";

export const metadata = { title: "Register a workload" };

export default async function RegisterWorkloadPage() {
  const viewer = await requirePageViewer({ role: "lead" });
  const form = await getRegistrationForm(getWorkloadsDeps(), viewer);
  return (
    <>
      <PageHeader
        title="Register a workload"
        description="Link an existing consumer repo with the Terragrunt layout (root.hcl, <env>/account.hcl, <env>/<region>/region.hcl). The portal checks that its GitHub App can see the repo."
      />
      <RegisterWorkloadForm teams={form.teams} grantsLead={form.grantsLead} leadGroupTemplate={form.leadGroupTemplate} register={registerWorkloadAction} />
    </>
  );
}
