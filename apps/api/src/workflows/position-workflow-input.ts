import type { IsoDate } from '@app/calendar';
import type { AccountConfig, Financing, PositionAllowance } from '@app/personnel-costs';
import type { PositionStep, PositionWorkflowInput } from '@app/workflows/position/model';

/*
 * The staff-position workflow's input built from PostgreSQL: one function for the api (start on
 * the first holder, adoption of rows entered before the workflow ran) and `npm start`
 * (apps/cli/src/start/launcher.ts, the demo position). Plain SQL on anything that can query
 * (an EntityManager, a DataSource), so that the launcher needs nothing of Nest.
 */

export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface PositionInputOptions {
  /** who is reminded of the end: `user:<uuid>` */
  owner: string;
  /** a holder to add to what the rows hold (the demo's, which is not a row) */
  extraHolder?: { holderName: string; from: IsoDate; to?: IsoDate };
}

/** Why no workflow input can be built (the api answers 409 with it). */
export class PositionInputUnavailable extends Error {
  override readonly name = 'PositionInputUnavailable';
}

/** Text when neither the position nor its application names a council decision. */
export const NO_COUNCIL_DECISION = 'kein Beschluss erfasst';

interface PositionRow {
  title: string;
  payScale: string;
  payGroup: string;
  caseGroup: string | null;
  weeklyHours: string;
  fullTimeHours: string;
  startOn: string;
  endOn: string | null;
  fundedShareBp: number | null;
  applicationId: string | null;
  accountOverrides: Partial<Pick<AccountConfig, 'allowances' | 'bonus' | 'onCosts'>>;
  payAccount: string | null;
  reimbursementAccount: string | null;
  product: string | null;
  noticeFrom: string | null;
  noticeTo: string | null;
  noticeType: string | null;
  noticeRateBp: number | null;
  approvedCents: string | null;
  programmeType: string | null;
  programmeRateBp: number | null;
  capCents: string | null;
  paperNumber: string | null;
}

const HOURS = (column: string) => `rtrim(rtrim(${column}::text, '0'), '.')`;
const DAY = (column: string) => `to_char(${column}, 'YYYY-MM-DD')`;

/** 8000 → "80", 3333 → "33.33" */
export function percentOfBp(bp: number): string {
  return String(bp / 100);
}

/**
 * Financing as the engine takes it: the position's funded share, else the notice's rate, else
 * the programme's; the type from the notice, else the programme; the cap is the programme's
 * Höchstbetrag. Without application (or without a decided notice) the position is not funded.
 */
export function financingOf(r: Pick<PositionRow, 'applicationId' | 'noticeFrom' | 'noticeTo' | 'noticeType' | 'noticeRateBp' | 'approvedCents' | 'programmeType' | 'programmeRateBp' | 'capCents' | 'fundedShareBp'>): {
  fundingPeriod: { from: IsoDate; to: IsoDate } | null;
  financing: Financing;
} {
  if (r.applicationId === null || r.noticeFrom === null || r.noticeTo === null) return { fundingPeriod: null, financing: { type: 'none' } };
  const type = r.noticeType ?? r.programmeType ?? 'share';
  const cap = r.capCents === null ? null : Number(r.capCents);
  const approved = r.approvedCents === null ? 0 : Number(r.approvedCents);
  const bp = r.fundedShareBp ?? r.noticeRateBp ?? r.programmeRateBp ?? 0;
  const fundingPeriod = { from: r.noticeFrom, to: r.noticeTo };
  switch (type) {
    case 'fixed':
      return { fundingPeriod, financing: { type: 'fixed', amount: approved } };
    case 'deficit':
      // Own and third-party funds are planned per application, not per position: the gap is the cost, up to the approval.
      return { fundingPeriod, financing: { type: 'deficit', ownFunds: 0, thirdPartyFunds: 0, cap: approved } };
    case 'full':
      return { fundingPeriod, financing: { type: 'share', ratePercent: '100', cap } };
    default:
      return { fundingPeriod, financing: { type: 'share', ratePercent: percentOfBp(bp), cap } };
  }
}

/**
 * The workflow input of a position from its rows: terms (pay, hours, allowances, accounts with
 * their overrides, financing and funded period from the application's notice and programme),
 * the Stufe from the start, and as `adopted` steps what the rows already hold: holders (with
 * their Stufe on their first day and their last day), later Stufen of the stage history and the
 * dated changes in their order. Throws PositionInputUnavailable for a position without a fixed
 * end (the workflow runs to a fixed end) or without stage; undefined when there is no such
 * position in the organisation.
 */
export async function positionWorkflowInput(db: Queryable, organisationId: string, positionId: string, opts: PositionInputOptions): Promise<PositionWorkflowInput | undefined> {
  const rows: PositionRow[] = await db.query(
    `SELECT p.title, p.pay_scale AS "payScale", p.pay_group AS "payGroup", p.case_group AS "caseGroup",
            ${HOURS('p.weekly_hours')} AS "weeklyHours", ${HOURS('p.full_time_hours')} AS "fullTimeHours",
            ${DAY('p.start_on')} AS "startOn", ${DAY('p.end_on')} AS "endOn", p.funded_share_bp AS "fundedShareBp",
            p.application_id AS "applicationId", p.account_overrides AS "accountOverrides",
            pa.number AS "payAccount", ra.number AS "reimbursementAccount", bp.number AS "product",
            ${DAY('n.period_start')} AS "noticeFrom", ${DAY('n.period_end')} AS "noticeTo", n.financing_type AS "noticeType",
            n.rate_bp AS "noticeRateBp", n.approved_cents::text AS "approvedCents",
            fp.financing_type AS "programmeType", fp.rate_bp AS "programmeRateBp", fp.cap_cents::text AS "capCents",
            (SELECT cp.number FROM council_paper cp WHERE cp.organisation_id = p.organisation_id AND cp.application_id = p.application_id
              ORDER BY cp.paper_date DESC, cp.number DESC LIMIT 1) AS "paperNumber"
       FROM staff_position p
       LEFT JOIN account pa ON pa.organisation_id = p.organisation_id AND pa.id = p.pay_account_id
       LEFT JOIN account ra ON ra.organisation_id = p.organisation_id AND ra.id = p.reimbursement_account_id
       LEFT JOIN budget_product bp ON bp.organisation_id = p.organisation_id AND bp.id = p.budget_product_id
       LEFT JOIN funding_application a ON a.organisation_id = p.organisation_id AND a.id = p.application_id
       LEFT JOIN funding_programme fp ON fp.organisation_id = a.organisation_id AND fp.id = a.programme_id
       LEFT JOIN funding_notice n ON n.organisation_id = p.organisation_id AND n.application_id = p.application_id AND n.decision <> 'rejected'
      WHERE p.organisation_id = $1 AND p.id = $2`,
    [organisationId, positionId],
  );
  const p = rows[0];
  if (!p) return undefined;
  if (p.endOn === null) throw new PositionInputUnavailable('the position is permanent (no fixed end): the position workflow runs to a fixed end');

  const stages: Array<{ validFrom: string; stage: number }> = await db.query(
    `SELECT ${DAY('valid_from')} AS "validFrom", stage FROM position_stage WHERE organisation_id = $1 AND position_id = $2 ORDER BY valid_from`,
    [organisationId, positionId],
  );
  if (!stages.length) throw new PositionInputUnavailable('the position has no Stufe from its start');
  const allowanceRows: Array<{ kind: string; name: string | null; amountCents: string | null; validFrom: string | null; validTo: string | null; proRataPartTime: boolean | null; proRataPartialMonth: boolean | null; inBonusBase: boolean | null; inOnCostBase: boolean | null }> =
    await db.query(
      `SELECT kind, name, amount_cents::text AS "amountCents", ${DAY('valid_from')} AS "validFrom", ${DAY('valid_to')} AS "validTo",
              pro_rata_part_time AS "proRataPartTime", pro_rata_partial_month AS "proRataPartialMonth", in_bonus_base AS "inBonusBase", in_on_cost_base AS "inOnCostBase"
         FROM position_allowance WHERE organisation_id = $1 AND position_id = $2 ORDER BY kind, valid_from NULLS FIRST, id`,
      [organisationId, positionId],
    );
  const holders: Array<{ holderName: string; validFrom: string; validTo: string | null }> = await db.query(
    `SELECT holder_name AS "holderName", ${DAY('valid_from')} AS "validFrom", ${DAY('valid_to')} AS "validTo"
       FROM position_holder WHERE organisation_id = $1 AND position_id = $2 ORDER BY valid_from, id`,
    [organisationId, positionId],
  );
  const changes: Array<{ kind: string; effectiveOn: string; payload: Record<string, unknown> }> = await db.query(
    `SELECT kind, ${DAY('effective_on')} AS "effectiveOn", payload FROM position_change WHERE organisation_id = $1 AND position_id = $2 ORDER BY sequence_no`,
    [organisationId, positionId],
  );

  const allowances: PositionAllowance[] = allowanceRows.map((a) => ({
    code: a.kind,
    ...(a.name !== null ? { name: a.name } : {}),
    ...(a.validFrom !== null ? { validFrom: a.validFrom } : {}),
    ...(a.validTo !== null ? { validTo: a.validTo } : {}),
    ...(a.amountCents !== null ? { fullTimeAmount: Number(a.amountCents) } : {}),
    ...(a.proRataPartTime !== null || a.proRataPartialMonth !== null || a.inBonusBase !== null || a.inOnCostBase !== null
      ? {
          flags: {
            ...(a.proRataPartTime !== null ? { proRataPartTime: a.proRataPartTime } : {}),
            ...(a.proRataPartialMonth !== null ? { proRataPartialMonth: a.proRataPartialMonth } : {}),
            ...(a.inBonusBase !== null ? { inBonusBase: a.inBonusBase } : {}),
            ...(a.inOnCostBase !== null ? { inOnCostBase: a.inOnCostBase } : {}),
          },
        }
      : {}),
  }));
  const overrides = p.accountOverrides ?? {};
  const accounts: Partial<AccountConfig> = {
    ...(p.payAccount !== null ? { pay: p.payAccount } : {}),
    ...(p.reimbursementAccount !== null ? { reimbursement: p.reimbursementAccount } : {}),
    product: p.product,
    ...(overrides.allowances ? { allowances: overrides.allowances } : {}),
    ...(overrides.bonus !== undefined ? { bonus: overrides.bonus } : {}),
    ...(overrides.onCosts ? { onCosts: overrides.onCosts } : {}),
  };
  const stageOn = (day: string): number => [...stages].reverse().find((s) => s.validFrom <= day)?.stage ?? stages[0].stage;

  const allHolders = [...holders.map((h) => ({ holderName: h.holderName, from: h.validFrom, to: h.validTo ?? undefined })), ...(opts.extraHolder ? [opts.extraHolder] : [])].sort((a, b) =>
    a.from < b.from ? -1 : a.from > b.from ? 1 : 0,
  );
  const held = (day: string) => allHolders.some((h) => h.from < day && (h.to === undefined || day <= h.to));
  const adopted: PositionStep[] = [
    ...allHolders.map((h): PositionStep => ({ update: 'fill', arg: { holderName: h.holderName, from: h.from, ...(h.to !== undefined ? { to: h.to } : {}), stage: stageOn(h.from) } })),
    ...stages.slice(1).filter((s) => held(s.validFrom)).map((s): PositionStep => ({ update: 'changeStage', arg: { effectiveOn: s.validFrom, stage: s.stage } })),
    ...changes.map((c): PositionStep => {
      switch (c.kind) {
        case 'hours':
          return { update: 'changeHours', arg: { effectiveOn: c.effectiveOn, weeklyHours: String(c.payload.weeklyHours) } };
        case 'stage':
          return { update: 'changeStage', arg: { effectiveOn: c.effectiveOn, stage: Number(c.payload.stage) } };
        case 'early_end':
          return { update: 'endEarly', arg: { endOn: c.effectiveOn } };
        default:
          return { update: 'extend', arg: { newEnd: c.effectiveOn, councilDecisionRef: String(c.payload.councilDecisionRef ?? NO_COUNCIL_DECISION) } };
      }
    }),
  ];

  return {
    positionId,
    organisationId,
    title: p.title,
    owner: opts.owner,
    councilDecisionRef: p.paperNumber ?? NO_COUNCIL_DECISION,
    start: p.startOn,
    end: p.endOn,
    terms: {
      payScale: p.payScale,
      payGroup: p.payGroup,
      ...(p.caseGroup !== null ? { caseGroup: p.caseGroup } : {}),
      fullTimeHours: p.fullTimeHours,
      allowances,
      ...financingOf(p),
      accounts,
      stage: stages[0].stage,
      weeklyHours: p.weeklyHours,
    },
    ...(adopted.length ? { adopted } : {}),
  };
}
