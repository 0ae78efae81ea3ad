import { z } from "zod";
import { repoRefSchema } from "@/lib/patterns";

/** Registering a workload and linking its consumer repo (leads for their team, admins). */
export const registerWorkloadInputSchema = z.object({
  slug: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9-]{1,39}$/, "Use 2–40 lowercase letters, digits and dashes"),
  name: z.string().trim().min(1).max(100),
  description: z.string().trim().max(1000).default(""),
  teamSlug: z.string().trim().min(1),
  consumerRepo: repoRefSchema,
});

export type RegisterWorkloadInput = z.infer<typeof registerWorkloadInputSchema>;
