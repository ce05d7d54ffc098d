/** Roles of the people who use foerderwerk (see the security issue's permission matrix). */
export const ROLES = ['youth_office', 'department_head', 'finance', 'council_office', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who is acting: a person of one organisation (tenant), or a workflow/system component. */
export interface Actor {
  /** `user:<uuid>`, `workflow:<workflowId>` or `system:<component>`: what the audit log records. */
  readonly ref: string;
  readonly organisationId: string;
  readonly userId?: string;
  readonly roles: readonly Role[];
}
