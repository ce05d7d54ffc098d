import { Injectable } from '@nestjs/common';
import type { UpdateDefinition } from '@temporalio/common';
import { DataSource, EntityManager } from 'typeorm';
import { addDays, type InterimReportWaiver } from '@app/calendar';
import { Actor, DomainError } from '@app/common';
import { workflowIds } from '@app/workflows/names';
import { applicationRules, createApplication, FINAL_STATUSES, planDeadlines, type ApplicationWorkflowInput } from '@app/workflows/application/model';
import { applicationStateQuery, type ApplicationState, type ApplicationStatus, type NoticeDecision } from '@app/workflows/application/signals';
import { isUuid } from '../common/persistence';
import { WorkflowContextRepository } from '../workflows/workflow-context.repository';
import { NoRunningWorkflowError, WorkflowGateway } from '../workflows/workflow-gateway';
import { ProgrammesRepository, type ProgrammeRecord } from '../programmes/programmes.repository';
import type { ApplicationWorkflowDto } from './application-workflow.dto';

/**
 * The application's lifecycle workflow (`application-<id>`) seen from the api: started with the
 * application, every step an update (the workflow validates it and writes the status, its record
 * and the audit event), the state a query. Tenancy is checked in PostgreSQL first: another
 * organisation's application is a 404 before Temporal is asked.
 */
@Injectable()
export class ApplicationWorkflowService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly gateway: WorkflowGateway,
    private readonly context: WorkflowContextRepository,
    private readonly programmes: ProgrammesRepository,
  ) {}

  /**
   * Starts the workflow of a new application, inside the transaction that inserts the row: if the
   * start fails the row is rolled back (503); if the commit fails after the start, the workflow
   * of an id nobody can reach idles in draft (its first write would fail: no such row).
   */
  async start(em: EntityManager, actor: Actor, applicationId: string, title: string, programme: ProgrammeRecord, needsCouncilDecision: boolean): Promise<void> {
    await this.gateway.start('applicationWorkflow', workflowIds.application(applicationId), await this.input(em, actor, applicationId, title, programme, needsCouncilDecision), actor.organisationId);
  }

  private async input(em: EntityManager, actor: Actor, applicationId: string, title: string, programme: ProgrammeRecord, needsCouncilDecision: boolean): Promise<ApplicationWorkflowInput> {
    const org = actor.organisationId;
    return {
      applicationId,
      organisationId: org,
      title,
      owner: actor.ref,
      escalateTo: await this.context.escalationRecipient(em, org, actor.ref),
      programme: {
        needsCouncilDecision,
        interimReports: { waiver: WAIVERS[programme.interimReportWaiver], monthsAfterYearEnd: monthsAfterYearEnd(programme.interimReportDue) },
        proofOfUseMonthsAfterPeriod: programme.proofOfUseMonths,
      },
      holidayRules: await this.context.holidayRules(em, org),
    };
  }

  /**
   * Reconciliation: an application row without a workflow (written before the workflows ran, e.g.
   * by the demo loader, or left by a start that failed after the commit) gets one that carries
   * its state from PostgreSQL: status, notice (with its deadlines planned), money received.
   * Only for an open status; a workflow id that has run before is never started again
   * (REJECT_DUPLICATE), so an ended application stays ended.
   */
  async adopt(actor: Actor, applicationId: string): Promise<boolean> {
    const org = actor.organisationId;
    const em = this.dataSource.manager;
    const rows: Array<{ title: string; status: ApplicationStatus; programmeId: string }> = await em.query(
      `SELECT title, status, programme_id AS "programmeId" FROM funding_application WHERE organisation_id = $1 AND id = $2`,
      [org, applicationId],
    );
    const row = rows[0];
    if (!row || FINAL_STATUSES.includes(row.status)) return false;
    const programme = await this.programmes.find(org, row.programmeId, em);
    if (!programme) return false;
    const input = await this.input(em, actor, applicationId, row.title, programme, false);
    const notices: Array<{ decision: NoticeDecision; approvedCents: string; periodStart: string | null; periodEnd: string | null; issuedOn: string }> = await em.query(
      `SELECT decision, approved_cents AS "approvedCents", to_char(period_start, 'YYYY-MM-DD') AS "periodStart", to_char(period_end, 'YYYY-MM-DD') AS "periodEnd",
              to_char(issued_on, 'YYYY-MM-DD') AS "issuedOn" FROM funding_notice WHERE organisation_id = $1 AND application_id = $2`,
      [org, applicationId],
    );
    const [{ received }]: Array<{ received: string }> = await em.query(
      `SELECT COALESCE(sum(amount_cents), 0) AS received FROM payment_received WHERE organisation_id = $1 AND application_id = $2`,
      [org, applicationId],
    );
    const today = new Date().toISOString().slice(0, 10);
    const rules = applicationRules(input);
    const n = notices[0];
    const notice = n && n.periodStart && n.periodEnd ? { decision: n.decision, approvedCents: Number(n.approvedCents), periodStart: n.periodStart, periodEnd: n.periodEnd, issuedOn: n.issuedOn } : null;
    const carried: ApplicationState = {
      ...createApplication(input, rules),
      status: row.status,
      notice,
      deadlines: notice && notice.decision !== 'rejected' ? planDeadlines(rules, notice.periodStart, notice.periodEnd, today) : [],
      periodEndedOn: notice && notice.decision !== 'rejected' ? addDays(notice.periodEnd, 1) : null,
      disbursedCents: Number(received),
      notes: [{ on: today, text: `taken over from the database in status ${row.status}` }],
    };
    const { started } = await this.gateway.start('applicationWorkflow', workflowIds.application(applicationId), { ...input, carried }, org);
    return started;
  }

  /** Runs one step as the acting user; answers the workflow's new state. */
  async act<A extends { by?: string }>(actor: Actor, applicationId: string, def: UpdateDefinition<ApplicationState, [A]>, arg: Omit<A, 'by'>): Promise<ApplicationWorkflowDto> {
    await this.requireApplication(actor, applicationId);
    return this.adopting(actor, applicationId, () => this.gateway.update(workflowIds.application(applicationId), def, { ...arg, by: actor.ref } as A));
  }

  /** The workflow's state; an open application whose workflow is missing (demo data) is taken over first. */
  async state(actor: Actor, applicationId: string): Promise<ApplicationWorkflowDto> {
    await this.requireApplication(actor, applicationId);
    return this.adopting(actor, applicationId, () => this.gateway.query(workflowIds.application(applicationId), applicationStateQuery));
  }

  /** Runs a call on the workflow; when none runs and the row is open, adopts it and runs the call again. */
  private async adopting(actor: Actor, applicationId: string, run: () => Promise<ApplicationState>): Promise<ApplicationWorkflowDto> {
    try {
      return toWorkflowDto(await run());
    } catch (error) {
      if (error instanceof NoRunningWorkflowError && (await this.adopt(actor, applicationId))) return toWorkflowDto(await run());
      throw error;
    }
  }

  /** The application exists in the caller's organisation (else 404, like an unknown id). */
  async requireApplication(actor: Actor, applicationId: string, em: EntityManager = this.dataSource.manager): Promise<void> {
    const found: unknown[] = isUuid(applicationId)
      ? await em.query(`SELECT 1 FROM funding_application WHERE organisation_id = $1 AND id = $2`, [actor.organisationId, applicationId])
      : [];
    if (!found.length) throw DomainError.notFound('application', applicationId);
  }

  /** A council paper of the caller's organisation drafted for this application (else 400 on paperId). */
  async requirePaperOf(actor: Actor, applicationId: string, paperId: string): Promise<void> {
    const rows: Array<{ applicationId: string | null; status: string }> = await this.dataSource.query(
      `SELECT application_id AS "applicationId", status FROM council_paper WHERE organisation_id = $1 AND id = $2`,
      [actor.organisationId, paperId],
    );
    if (!rows.length) throw DomainError.invalid('paperId', `no council paper ${paperId} in your organisation`);
    if (rows[0].applicationId !== applicationId) throw DomainError.invalid('paperId', `council paper ${paperId} is not a paper of application ${applicationId}`);
  }
}

/** The programme's waiver (database codes) in the calendar's terms. */
const WAIVERS: Record<ProgrammeRecord['interimReportWaiver'], InterimReportWaiver> = {
  none: 'none',
  last_when_period_ends_before_due: 'lastWhenPeriodEndsBeforeDue',
  all: 'all',
};

/**
 * The programme's due day of the Zwischennachweis ('MM-DD', e.g. '04-30') as months after the
 * end of the year (the workflow's rule: the nominal date is 31.12. + n months, BGB month end).
 */
export function monthsAfterYearEnd(interimReportDue: string): number {
  return Number(interimReportDue.slice(0, 2));
}

export function toWorkflowDto(s: ApplicationState): ApplicationWorkflowDto {
  return {
    workflowId: workflowIds.application(s.applicationId),
    applicationId: s.applicationId,
    status: s.status,
    needsCouncilDecision: s.needsCouncilDecision,
    signOffRequestedOn: s.signOffRequestedOn,
    signedOff: s.signedOff,
    council: s.council,
    submittedOn: s.submittedOn,
    notice: s.notice,
    disbursedCents: s.disbursedCents,
    deadlines: s.deadlines,
    nextDeadlines: s.deadlines.filter((d) => d.submittedOn === null).sort((a, b) => a.effective.localeCompare(b.effective)),
    check: s.check,
    amendmentCount: s.amendmentCount,
    withdrawal: s.withdrawal,
    notes: s.notes,
    history: s.history,
    documents: (s.documents ?? []).map((d) => ({ kind: d.request.kind, key: d.key, status: d.status, documentId: d.documentId, version: d.version, error: d.error })),
  };
}
