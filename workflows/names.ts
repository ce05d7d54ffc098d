/** Workflow ids are business keys, so a second start of the same thing is refused by the server. */
export const workflowIds = {
  reminder: (id: string) => `reminder-${id}`,
} as const;
