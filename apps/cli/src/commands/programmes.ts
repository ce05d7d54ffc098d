import { action, CommandContext, list, LIST_OPTIONS, parse } from './context';
import { euro, percentBp } from '../output';

export interface ProgrammeRow {
  id: string;
  name: string;
  funderName: string;
  legalBasis: string;
  financingType: string;
  rateBp: number | null;
  capCents: number | null;
}

/** `programmes list` */
export async function programmes(ctx: CommandContext): Promise<void> {
  const { rest } = action('programmes', ctx.argv, ['list']);
  const { values } = parse('programmes list', rest, LIST_OPTIONS);
  await list<ProgrammeRow>(ctx, values, '/api/v1/programmes', { sort: 'name' }, [
    { header: 'ID', value: (p) => p.id },
    { header: 'Programm', value: (p) => p.name },
    { header: 'Zuwendungsgeber', value: (p) => p.funderName },
    { header: 'Finanzierung', value: (p) => p.financingType },
    { header: 'Satz', value: (p) => percentBp(p.rateBp), align: 'right' },
    { header: 'Höchstbetrag', value: (p) => euro(p.capCents), align: 'right' },
  ]);
}
