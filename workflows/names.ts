/** Workflow ids are business keys, so a second start of the same thing is refused by the server. */
export const workflowIds = {
  reminder: (id: string) => `reminder-${id}`,
  position: (id: string) => `position-${id}`,
  milestone: (id: string) => `milestone-${id}`,
  councilPaper: (paperId: string) => `council-paper-${paperId}`,
  /** the application workflow (not written yet); the council-paper workflow signals it */
  application: (id: string) => `application-${id}`,
} as const;
