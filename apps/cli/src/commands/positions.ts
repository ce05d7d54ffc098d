import { action, client, CommandContext, list, LIST_OPTIONS, parse, print } from './context';
import { date, fields, percentBp, table } from '../output';

export interface PositionSummary {
  id: string;
  title: string;
  status: string;
  payScale: string;
  payGroup: string;
  weeklyHours: string;
  fullTimeHours: string;
  startOn: string;
  endOn: string | null;
  effectiveEndOn: string | null;
  fundedShareBp: number | null;
}

export interface Position extends PositionSummary {
  stages: Array<{ validFrom: string; stage: number }>;
  holders: Array<{ holderName: string; validFrom: string; validTo: string | null }>;
}

const hours = (h: string) => h.replace('.', ',');

/** `positions list|show` */
export async function positions(ctx: CommandContext): Promise<void> {
  const { name, rest } = action('positions', ctx.argv, ['list', 'show']);
  if (name === 'list') {
    const { values } = parse('positions list', rest, LIST_OPTIONS);
    await list<PositionSummary>(ctx, values, '/api/v1/positions', {}, [
      { header: 'ID', value: (p) => p.id },
      { header: 'Stelle', value: (p) => p.title },
      { header: 'Status', value: (p) => p.status },
      { header: 'Entgelt', value: (p) => p.payGroup },
      { header: 'Std./Woche', value: (p) => hours(p.weeklyHours), align: 'right' },
      { header: 'Beginn', value: (p) => date(p.startOn) },
      { header: 'Ende', value: (p) => date(p.effectiveEndOn ?? p.endOn) },
    ]);
    return;
  }
  const { values, positionals } = parse('positions show', rest, {}, ['<id>']);
  const p = await client(ctx, values).get<Position>(`/api/v1/positions/${encodeURIComponent(positionals[0]!)}`);
  print(ctx, values, p, () => [
    ...fields([
      ['ID', p.id],
      ['Stelle', p.title],
      ['Status', p.status],
      ['Entgelt', `${p.payScale} ${p.payGroup}`],
      ['Stunden', `${hours(p.weeklyHours)} von ${hours(p.fullTimeHours)} Std./Woche`],
      ['Laufzeit', `${date(p.startOn)} – ${date(p.effectiveEndOn ?? p.endOn)}`],
      ['Förderanteil', percentBp(p.fundedShareBp)],
    ]),
    '',
    'Stufen',
    ...table(p.stages, [
      { header: 'ab', value: (s) => date(s.validFrom) },
      { header: 'Stufe', value: (s) => String(s.stage), align: 'right' },
    ]),
    '',
    'Stelleninhaber/innen',
    ...table(p.holders, [
      { header: 'Name', value: (h) => h.holderName },
      { header: 'von', value: (h) => date(h.validFrom) },
      { header: 'bis', value: (h) => date(h.validTo) },
    ]),
  ]);
}
