import type { Role } from "@/lib/platform/auth/roles";

export interface Section {
  href: string;
  label: string;
  summary: string;
  /** Lowest role that sees the section in the navigation. */
  minRole: Role;
}

/** The portal's top-level sections, in navigation order. */
export const sections: Section[] = [
  { href: "/catalogue", label: "Catalogue", summary: "Browse trusted, versioned Terraform modules and their docs.", minRole: "builder" },
  { href: "/workloads", label: "Workloads", summary: "Your workloads, their consumer repos and the modules they use.", minRole: "builder" },
  { href: "/accounts", label: "Accounts", summary: "Account sets per workload, vend requests and mandatory tags.", minRole: "builder" },
  { href: "/approvals", label: "Approvals", summary: "Vend and tag-change requests waiting for review.", minRole: "builder" },
  { href: "/inbox", label: "Inbox", summary: "Update notices for your workloads, with their due dates.", minRole: "builder" },
  { href: "/estate", label: "Estate", summary: "Which workload uses which module version, and what is overdue.", minRole: "builder" },
  { href: "/admin", label: "Admin", summary: "Audit log, people and roles, catalogue sources.", minRole: "admin" },
];
