// GET /.well-known/terraform.json – Terraform service discovery: where the module registry protocol lives
export const dynamic = "force-static";

export function GET(): Response {
  return Response.json({ "modules.v1": "/v1/modules/" });
}
