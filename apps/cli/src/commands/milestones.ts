import { action, CommandContext, list, LIST_OPTIONS, parse } from './context';
import { Column, date, truncate } from '../output';

export interface Milestone {
  id: string;
  applicationId: string;
  applicationTitle: string;
  title: string;
  dueOn: string;
  ownerName: string | null;
  status: string;
  doneOn: string | null;
}

const COLUMNS: Column<Milestone>[] = [
  { header: 'Fällig', value: (m) => date(m.dueOn) },
  { header: 'Status', value: (m) => m.status },
  { header: 'Meilenstein', value: (m) => m.title },
  { header: 'Antrag', value: (m) => truncate(m.applicationTitle, 40) },
  { header: 'Verantwortlich', value: (m) => m.ownerName ?? '–' },
  { header: 'ID', value: (m) => m.id },
];

/** `milestones list` */
export async function milestones(ctx: CommandContext): Promise<void> {
  const { rest } = action('milestones', ctx.argv, ['list']);
  const { values } = parse('milestones list', rest, { ...LIST_OPTIONS, application: { type: 'string' }, status: { type: 'string' } });
  await list<Milestone>(ctx, values, '/api/v1/milestones', { applicationId: values.application, status: values.status, sort: 'dueOn' }, COLUMNS);
}

/** `deadlines`: the milestones still to be done (open or overdue), soonest due first. */
export async function deadlines(ctx: CommandContext): Promise<void> {
  const { values } = parse('deadlines', ctx.argv, { ...LIST_OPTIONS, application: { type: 'string' } });
  await list<Milestone>(ctx, values, '/api/v1/milestones', { applicationId: values.application, status: 'open,overdue', sort: 'dueOn' }, COLUMNS);
}
