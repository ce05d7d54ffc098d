import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, DomainError, ErrorCode } from '@app/common';
import { formatEuro } from '@app/money';
import { AuditService } from '../audit/audit.service';
import { assertVersion } from '../common/optimistic-lock';
import { resolvePage } from '../common/pagination';
import { isoTimestamp, isUuid } from '../common/persistence';
import { recordDisbursementUpdate, recordNoticeUpdate } from '@app/workflows/application/signals';
import { throwIfProblems } from '../applications/application-rules';
import { ApplicationWorkflowService } from '../applications/application-workflow.service';
import {
  CancelDisbursementRequestDto,
  CreateDisbursementRequestDto,
  CreatePaymentDto,
  CreateReceiptDto,
  DisbursementRequestDto,
  FundingNoticeDto,
  ListReceiptsQuery,
  PaymentDto,
  PutFundingNoticeDto,
  ReceiptDto,
  ReceiptPageDto,
  SendDisbursementRequestDto,
  UpdateDisbursementRequestDto,
} from './funding-records.dto';
import {
  ApplicationContext,
  DisbursementRecord,
  DisbursementValues,
  FundingRecordsRepository,
  NoticeRecord,
  NoticeValues,
  PaymentRecord,
  RECEIPT_SORTABLE,
  ReceiptRecord,
} from './funding-records.repository';
import { disbursementProblems, disbursementWarnings, noticeProblems } from './funding-records.rules';

const NOTICE = 'funding_notice';
const DISBURSEMENT = 'disbursement_request';
const PAYMENT = 'payment_received';
const RECEIPT = 'receipt';

/**
 * The records of a funding application after the decision: the Zuwendungsbescheid, Mittelabrufe
 * against its approved amount, payments received and the Belegliste. Every write is one
 * transaction with its audit event and first locks the application row, so that sums against the
 * approved amount and sequence numbers are decided one write at a time per application.
 */
@Injectable()
export class FundingRecordsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly records: FundingRecordsRepository,
    private readonly audit: AuditService,
    private readonly workflow: ApplicationWorkflowService,
  ) {}

  // ============================================================================================ notice

  async getNotice(actor: Actor, applicationId: string): Promise<FundingNoticeDto> {
    const org = actor.organisationId;
    await this.requireApplication(this.dataSource.manager, org, applicationId);
    const notice = await this.records.notice(org, applicationId);
    if (!notice) throw DomainError.notFound('funding notice of application', applicationId);
    return toNoticeDto(notice);
  }

  /**
   * Records the Bescheid through the application workflow (`recordNotice`): the api checks the
   * notice against the plan (read only, no lock held), the workflow checks it against the
   * lifecycle (only a submitted application gets a notice) and its activity writes the notice row,
   * the status (approved, partly approved, rejected) and the audit events in one transaction.
   * A recorded notice is final here: the workflow has planned the deadlines from it.
   */
  async putNotice(actor: Actor, applicationId: string, dto: PutFundingNoticeDto, _requestId?: string): Promise<{ notice: FundingNoticeDto; created: boolean }> {
    const org = actor.organisationId;
    if (!isUuid(applicationId)) throw DomainError.notFound('application', applicationId);
    const { values, period } = await this.dataSource.transaction(async (em) => {
      const application = await this.requireApplication(em, org, applicationId);
      const existing = await this.records.notice(org, applicationId, em);
      const what = `funding notice of application ${applicationId}`;
      if (existing) {
        throw new DomainError(
          ErrorCode.StateConflict,
          `${what} was recorded (${existing.decision}, issued ${existing.issuedOn}) and the application workflow has planned its deadlines from it: it is not replaced`,
          [{ field: 'version', reason: 'a recorded notice is final' }],
        );
      }
      if (dto.version) throw new DomainError(ErrorCode.Conflict, `${what} does not exist: omit version to record one`, [{ field: 'version', reason: 'expected none' }]);
      const values: NoticeValues = {
        decision: dto.decision,
        approvedCents: dto.approvedCents,
        periodStart: dto.periodStart ?? null,
        periodEnd: dto.periodEnd ?? null,
        conditions: dto.conditions ?? '',
        issuedOn: dto.issuedOn,
        fileNumber: dto.fileNumber ?? null,
      };
      const funderShare = await this.records.funderShareCents(em, org, applicationId, application.currentRevision);
      throwIfProblems(noticeProblems(values, funderShare, application.currentRevision));
      return { values, period: await this.records.period(em, org, applicationId) };
    });
    await this.workflow.act(actor, applicationId, recordNoticeUpdate, {
      decision: values.decision,
      approvedCents: values.approvedCents,
      // a rejection has no Bewilligungszeitraum: the workflow is told the period applied for
      periodStart: values.periodStart ?? period.periodStart,
      periodEnd: values.periodEnd ?? period.periodEnd,
      issuedOn: values.issuedOn,
      record: { kind: 'notice', id: randomUUID(), ...values },
    });
    const notice = await this.records.notice(org, applicationId);
    if (!notice) throw new Error(`the workflow accepted the notice of application ${applicationId} but no notice row exists`);
    return { notice: toNoticeDto(notice), created: true };
  }

  // ============================================================================================ disbursement requests

  async listDisbursements(actor: Actor, applicationId: string): Promise<DisbursementRequestDto[]> {
    const org = actor.organisationId;
    const application = await this.requireApplication(this.dataSource.manager, org, applicationId);
    const notice = await this.records.notice(org, applicationId);
    return (await this.records.disbursements(org, applicationId)).map((d) => toDisbursementDto(d, application, notice));
  }

  async createDisbursement(actor: Actor, applicationId: string, dto: CreateDisbursementRequestDto, requestId?: string): Promise<DisbursementRequestDto> {
    const org = actor.organisationId;
    if (!isUuid(applicationId)) throw DomainError.notFound('application', applicationId);
    return this.dataSource.transaction(async (em) => {
      const application = await this.records.lockApplication(em, org, applicationId);
      if (!application) throw DomainError.notFound('application', applicationId);
      const values: DisbursementValues = { requestedOn: dto.requestedOn, payoutDate: dto.payoutDate, amountCents: dto.amountCents, coversFrom: dto.coversFrom, coversTo: dto.coversTo };
      throwIfProblems(disbursementProblems(values));
      const notice = await this.records.notice(org, applicationId, em);
      if (!notice || notice.decision === 'rejected') {
        throw new DomainError(
          ErrorCode.StateConflict,
          `application ${applicationId} has ${notice ? 'been rejected' : 'no funding notice yet'}: money can only be called against an approved notice`,
        );
      }
      await this.assertWithinApproved(em, org, applicationId, notice, values.amountCents, null);
      const id = await this.records.insertDisbursement(em, org, applicationId, values);
      const after = await this.loadDisbursement(em, org, id, application);
      await this.audit.record(em, actor, { action: 'disbursement_request.created', subjectType: DISBURSEMENT, subjectId: id, after }, requestId);
      return after;
    });
  }

  /** Changes a draft (optimistic locking); sent, paid and cancelled requests are final. */
  async updateDisbursement(actor: Actor, id: string, dto: UpdateDisbursementRequestDto, requestId?: string): Promise<DisbursementRequestDto> {
    return this.changeDisbursement(actor, id, async (em, current, application) => {
      assertVersion('disbursement request', id, current.version, dto.version);
      assertDraft(current, 'changed');
      const changes: Partial<DisbursementValues> = {};
      for (const key of ['requestedOn', 'payoutDate', 'amountCents', 'coversFrom', 'coversTo'] as const) {
        if (dto[key] !== undefined && dto[key] !== current[key]) (changes as Record<string, unknown>)[key] = dto[key];
      }
      if (Object.keys(changes).length === 0) return undefined;
      throwIfProblems(disbursementProblems({ ...current, ...changes }));
      if (changes.amountCents !== undefined) {
        const notice = await this.records.notice(actor.organisationId, application.id, em);
        await this.assertWithinApproved(em, actor.organisationId, application.id, notice, changes.amountCents, id);
      }
      await this.records.updateDisbursement(em, actor.organisationId, id, changes);
      return { action: 'disbursement_request.updated' };
    }, requestId);
  }

  /** draft → sent; with warnings only when they are acknowledged (recorded in the audit event). */
  async sendDisbursement(actor: Actor, id: string, dto: SendDisbursementRequestDto, requestId?: string): Promise<DisbursementRequestDto> {
    return this.changeDisbursement(actor, id, async (em, current, application) => {
      assertDraft(current, 'sent');
      const notice = await this.records.notice(actor.organisationId, application.id, em);
      const { warnings } = toDisbursementDto(current, application, notice);
      if (warnings.length && dto.acknowledgeWarnings !== true) {
        throw new DomainError(
          ErrorCode.StateConflict,
          `disbursement request ${id} has warnings (${warnings.map((w) => w.code).join(', ')}): fix them, or send with acknowledgeWarnings: true`,
          [...warnings.map((w) => ({ field: w.field, reason: w.message })), { field: 'acknowledgeWarnings', reason: `must be true to send despite ${warnings.map((w) => w.code).join(', ')}` }],
        );
      }
      await this.records.updateDisbursement(em, actor.organisationId, id, { status: 'sent' });
      return { action: 'disbursement_request.sent', reason: warnings.length ? `sent despite warnings: ${warnings.map((w) => w.code).join(', ')}` : null };
    }, requestId);
  }

  /** A draft or sent request without payments is cancelled; its amount no longer counts against the approved amount. */
  async cancelDisbursement(actor: Actor, id: string, dto: CancelDisbursementRequestDto, requestId?: string): Promise<DisbursementRequestDto> {
    return this.changeDisbursement(actor, id, async (em, current) => {
      if (current.status !== 'draft' && current.status !== 'sent') {
        throw new DomainError(ErrorCode.StateConflict, `disbursement request ${id} is ${current.status}: it cannot be cancelled`, [{ field: 'status', reason: `the request is ${current.status}` }]);
      }
      if (current.paidCents > 0) {
        throw new DomainError(ErrorCode.StateConflict, `disbursement request ${id} has received ${formatEuro(current.paidCents)}: it cannot be cancelled`, [
          { field: 'status', reason: 'payments were received for the request' },
        ]);
      }
      await this.records.updateDisbursement(em, actor.organisationId, id, { status: 'cancelled' });
      return { action: 'disbursement_request.cancelled', reason: dto.reason ?? null };
    }, requestId);
  }

  // ============================================================================================ payments

  async listPayments(actor: Actor, applicationId: string): Promise<PaymentDto[]> {
    await this.requireApplication(this.dataSource.manager, actor.organisationId, applicationId);
    return (await this.records.payments(actor.organisationId, applicationId)).map(toPaymentDto);
  }

  /**
   * Books a payment through the application workflow (`recordDisbursement`: the money received
   * counts against the approved amount, the first payment moves the application to disbursing).
   * The api checks the request it answers (read only); the workflow's activity writes the payment,
   * marks the request paid once its amount is received, and audits both in one transaction.
   */
  async createPayment(actor: Actor, applicationId: string, dto: CreatePaymentDto, _requestId?: string): Promise<PaymentDto> {
    const org = actor.organisationId;
    if (!isUuid(applicationId)) throw DomainError.notFound('application', applicationId);
    const requestIdOfPayment = dto.disbursementRequestId ?? null;
    await this.dataSource.transaction(async (em) => {
      await this.requireApplication(em, org, applicationId);
      if (requestIdOfPayment === null) return;
      const request = await this.records.disbursement(org, requestIdOfPayment, em);
      if (!request || request.applicationId !== applicationId) {
        throw DomainError.invalid('disbursementRequestId', `no disbursement request ${requestIdOfPayment} of application ${applicationId}`);
      }
      if (request.status !== 'sent') {
        throw new DomainError(ErrorCode.StateConflict, `disbursement request ${request.id} is ${request.status}: only a sent request receives payments`, [
          { field: 'disbursementRequestId', reason: `the request is ${request.status}` },
        ]);
      }
    });
    const id = randomUUID();
    await this.workflow.act(actor, applicationId, recordDisbursementUpdate, {
      amountCents: dto.amountCents,
      receivedOn: dto.receivedOn,
      record: { kind: 'payment', id, receivedOn: dto.receivedOn, amountCents: dto.amountCents, disbursementRequestId: requestIdOfPayment },
    });
    const payment = await this.records.payment(org, id, this.dataSource.manager);
    if (!payment) throw new Error(`the workflow accepted payment ${id} of application ${applicationId} but no payment row exists`);
    return toPaymentDto(payment);
  }

  // ============================================================================================ receipts

  async listReceipts(actor: Actor, applicationId: string, query: ListReceiptsQuery): Promise<ReceiptPageDto> {
    const page = resolvePage(query, RECEIPT_SORTABLE, 'sequenceNo', 'r.id');
    if (query.from && query.to && query.to < query.from) throw DomainError.invalid('to', `the range ends (${query.to}) before it starts (${query.from})`);
    await this.requireApplication(this.dataSource.manager, actor.organisationId, applicationId);
    const { items, total } = await this.records.receipts(actor.organisationId, applicationId, { from: query.from, to: query.to, category: query.category }, page);
    return { items: items.map(toReceiptDto), total, limit: page.limit, offset: page.offset };
  }

  async getReceipt(actor: Actor, id: string): Promise<ReceiptDto> {
    const receipt = isUuid(id) ? await this.records.receipt(actor.organisationId, id) : undefined;
    if (!receipt) throw DomainError.notFound('receipt', id);
    return toReceiptDto(receipt);
  }

  /** A Beleg with the next Lfd. Nr. of the application, charged to a line of the current cost plan. */
  async createReceipt(actor: Actor, applicationId: string, dto: CreateReceiptDto, requestId?: string): Promise<ReceiptDto> {
    const org = actor.organisationId;
    if (!isUuid(applicationId)) throw DomainError.notFound('application', applicationId);
    return this.dataSource.transaction(async (em) => {
      const application = await this.records.lockApplication(em, org, applicationId);
      if (!application) throw DomainError.notFound('application', applicationId);
      const payee = dto.payee.trim();
      const reason = dto.reason.trim();
      throwIfProblems([
        ...(payee ? [] : [{ field: 'payee', reason: 'payee must not be blank' }]),
        ...(reason ? [] : [{ field: 'reason', reason: 'reason must not be blank' }]),
      ]);
      if (!(await this.records.costLineExists(em, org, applicationId, application.currentRevision, dto.costCategory, dto.costPlanLabel))) {
        throw DomainError.invalid('costPlanLabel', `no cost plan line "${dto.costPlanLabel}" of category ${dto.costCategory} in revision ${application.currentRevision} of the application`);
      }
      const id = await this.records.insertReceipt(em, org, applicationId, {
        receiptDate: dto.receiptDate,
        payee,
        reason,
        amountCents: dto.amountCents,
        costCategory: dto.costCategory,
        costPlanLabel: dto.costPlanLabel,
      });
      const after = toReceiptDto((await this.records.receipt(org, id, em))!);
      await this.audit.record(em, actor, { action: 'receipt.created', subjectType: RECEIPT, subjectId: id, after }, requestId);
      return after;
    });
  }

  // ============================================================================================ helpers

  private async requireApplication(em: EntityManager, org: string, applicationId: string): Promise<ApplicationContext> {
    const application = isUuid(applicationId) ? await this.records.application(org, applicationId, em) : undefined;
    if (!application) throw DomainError.notFound('application', applicationId);
    return application;
  }

  /** The sum of the application's requests that are not cancelled stays within the approved amount. */
  private async assertWithinApproved(em: EntityManager, org: string, applicationId: string, notice: NoticeRecord | undefined, amountCents: number, exceptId: string | null): Promise<void> {
    const approved = notice?.approvedCents ?? 0;
    const others = await this.records.requestedCents(em, org, applicationId, exceptId);
    if (others + amountCents > approved) {
      throw new DomainError(
        ErrorCode.StateConflict,
        `disbursement requests of application ${applicationId} would call ${formatEuro(others + amountCents)}, more than the approved ${formatEuro(approved)}`,
        [{ field: 'amountCents', reason: `at most ${formatEuro(Math.max(approved - others, 0))} is left of the approved ${formatEuro(approved)}` }],
      );
    }
  }

  /**
   * One change of a disbursement request: locks the application, then the request (the same
   * order as every other write here), applies `change` and audits before and after. `change`
   * returns undefined when there is nothing to write.
   */
  private async changeDisbursement(
    actor: Actor,
    id: string,
    change: (em: EntityManager, current: DisbursementRecord, application: ApplicationContext) => Promise<{ action: string; reason?: string | null } | undefined>,
    requestId?: string,
  ): Promise<DisbursementRequestDto> {
    const org = actor.organisationId;
    if (!isUuid(id)) throw DomainError.notFound('disbursement request', id);
    return this.dataSource.transaction(async (em) => {
      const found = await this.records.disbursement(org, id, em);
      if (!found) throw DomainError.notFound('disbursement request', id);
      const application = (await this.records.lockApplication(em, org, found.applicationId))!;
      const current = (await this.records.lockDisbursement(em, org, id))!;
      const before = toDisbursementDto(current, application, await this.records.notice(org, application.id, em));
      const done = await change(em, current, application);
      if (!done) return before;
      const after = await this.loadDisbursement(em, org, id, application);
      await this.audit.record(em, actor, { action: done.action, subjectType: DISBURSEMENT, subjectId: id, before, after, reason: done.reason ?? null }, requestId);
      return after;
    });
  }

  private async loadDisbursement(em: EntityManager, org: string, id: string, application: ApplicationContext): Promise<DisbursementRequestDto> {
    const record = await this.records.disbursement(org, id, em);
    if (!record) throw DomainError.notFound('disbursement request', id);
    return toDisbursementDto(record, application, await this.records.notice(org, application.id, em));
  }
}

function assertDraft(current: DisbursementRecord, what: string): void {
  if (current.status !== 'draft') {
    throw new DomainError(ErrorCode.StateConflict, `disbursement request ${current.id} is ${current.status}: only a draft is ${what}`, [
      { field: 'status', reason: `the request is ${current.status}` },
    ]);
  }
}

function toNoticeDto(n: NoticeRecord): FundingNoticeDto {
  return {
    id: n.id,
    applicationId: n.applicationId,
    decision: n.decision,
    approvedCents: n.approvedCents,
    periodStart: n.periodStart,
    periodEnd: n.periodEnd,
    conditions: n.conditions,
    issuedOn: n.issuedOn,
    fileNumber: n.fileNumber,
    version: n.version,
    createdAt: isoTimestamp(n.createdAt),
    updatedAt: isoTimestamp(n.updatedAt),
  };
}

function toDisbursementDto(d: DisbursementRecord, application: ApplicationContext, notice: NoticeRecord | undefined): DisbursementRequestDto {
  const { windowEnd, warnings } = disbursementWarnings(d, { unit: application.windowUnit, length: application.windowLength }, notice);
  return {
    id: d.id,
    applicationId: d.applicationId,
    sequenceNo: d.sequenceNo,
    requestedOn: d.requestedOn,
    payoutDate: d.payoutDate,
    amountCents: d.amountCents,
    coversFrom: d.coversFrom,
    coversTo: d.coversTo,
    windowEnd,
    status: d.status,
    paidCents: d.paidCents,
    warnings,
    version: d.version,
    createdAt: isoTimestamp(d.createdAt),
    updatedAt: isoTimestamp(d.updatedAt),
  };
}

function toPaymentDto(p: PaymentRecord): PaymentDto {
  return {
    id: p.id,
    applicationId: p.applicationId,
    disbursementRequestId: p.disbursementRequestId,
    receivedOn: p.receivedOn,
    amountCents: p.amountCents,
    createdAt: isoTimestamp(p.createdAt),
  };
}

function toReceiptDto(r: ReceiptRecord): ReceiptDto {
  return {
    id: r.id,
    applicationId: r.applicationId,
    sequenceNo: r.sequenceNo,
    receiptDate: r.receiptDate,
    payee: r.payee,
    reason: r.reason,
    amountCents: r.amountCents,
    costCategory: r.costCategory,
    costPlanLabel: r.costPlanLabel,
    createdAt: isoTimestamp(r.createdAt),
  };
}
