/*
 * The domain model: every entity of the DomainModel migration, grouped by concept.
 * Import from '@app/database'; the list below is what data-source-options registers.
 */
import { AccountEntity } from './budget/account.entity';
import { BudgetLineEntity } from './budget/budget-line.entity';
import { BudgetProductEntity } from './budget/budget-product.entity';
import { LedgerEntryEntity } from './budget/ledger-entry.entity';
import { ConsultationEntity } from './council/consultation.entity';
import { CouncilPaperEntity } from './council/council-paper.entity';
import { ApplicationRevisionEntity } from './funding/application-revision.entity';
import { CostPlanLineEntity } from './funding/cost-plan-line.entity';
import { DisbursementRequestEntity } from './funding/disbursement-request.entity';
import { FinancingPlanLineEntity } from './funding/financing-plan-line.entity';
import { FunderEntity } from './funding/funder.entity';
import { FundingApplicationEntity } from './funding/funding-application.entity';
import { FundingNoticeEntity } from './funding/funding-notice.entity';
import { FundingProgrammeEntity } from './funding/funding-programme.entity';
import { PaymentReceivedEntity } from './funding/payment-received.entity';
import { ProgrammeMilestoneEntity } from './funding/programme-milestone.entity';
import { ReceiptEntity } from './funding/receipt.entity';
import { AppUserEntity } from './organisation/app-user.entity';
import { CommitteeSessionEntity } from './organisation/committee-session.entity';
import { CommitteeEntity } from './organisation/committee.entity';
import { DepartmentEntity } from './organisation/department.entity';
import { MunicipalityEntity } from './organisation/municipality.entity';
import { OrganisationEntity } from './organisation/organisation.entity';
import { AllowanceRateEntity } from './reference-data/allowance-rate.entity';
import { BonusBandEntity } from './reference-data/bonus-band.entity';
import { BonusRateEntity } from './reference-data/bonus-rate.entity';
import { OnCostRateEntity } from './reference-data/on-cost-rate.entity';
import { PayTableRowEntity } from './reference-data/pay-table-row.entity';
import { PositionAllowanceEntity } from './staff/position-allowance.entity';
import { PositionChangeEntity } from './staff/position-change.entity';
import { PositionHolderEntity } from './staff/position-holder.entity';
import { PositionStageEntity } from './staff/position-stage.entity';
import { StaffPositionEntity } from './staff/staff-position.entity';
import { DocumentEntity } from './system/document.entity';
import { IdempotencyKeyEntity } from './system/idempotency-key.entity';

export * from './columns';
export * from './tenant';
export * from './organisation/organisation.entity';
export * from './organisation/department.entity';
export * from './organisation/municipality.entity';
export * from './organisation/committee.entity';
export * from './organisation/committee-session.entity';
export * from './organisation/app-user.entity';
export * from './funding/funder.entity';
export * from './funding/funding-programme.entity';
export * from './funding/funding-application.entity';
export * from './funding/application-revision.entity';
export * from './funding/cost-plan-line.entity';
export * from './funding/financing-plan-line.entity';
export * from './funding/funding-notice.entity';
export * from './funding/disbursement-request.entity';
export * from './funding/payment-received.entity';
export * from './funding/receipt.entity';
export * from './funding/programme-milestone.entity';
export * from './staff/staff-position.entity';
export * from './staff/position-stage.entity';
export * from './staff/position-allowance.entity';
export * from './staff/position-holder.entity';
export * from './staff/position-change.entity';
export * from './reference-data/pay-table-row.entity';
export * from './reference-data/allowance-rate.entity';
export * from './reference-data/bonus-band.entity';
export * from './reference-data/bonus-rate.entity';
export * from './reference-data/on-cost-rate.entity';
export * from './budget/budget-product.entity';
export * from './budget/account.entity';
export * from './budget/budget-line.entity';
export * from './budget/ledger-entry.entity';
export * from './council/council-paper.entity';
export * from './council/consultation.entity';
export * from './system/document.entity';
export * from './system/idempotency-key.entity';

export const DOMAIN_ENTITIES = [
  // tenants and their structure
  OrganisationEntity,
  DepartmentEntity,
  MunicipalityEntity,
  CommitteeEntity,
  CommitteeSessionEntity,
  AppUserEntity,
  // funders, programmes, applications and their money
  FunderEntity,
  FundingProgrammeEntity,
  FundingApplicationEntity,
  ApplicationRevisionEntity,
  CostPlanLineEntity,
  FinancingPlanLineEntity,
  FundingNoticeEntity,
  DisbursementRequestEntity,
  PaymentReceivedEntity,
  ReceiptEntity,
  ProgrammeMilestoneEntity,
  // staff positions
  StaffPositionEntity,
  PositionStageEntity,
  PositionAllowanceEntity,
  PositionHolderEntity,
  PositionChangeEntity,
  // tariff reference data (not tenant-owned)
  PayTableRowEntity,
  AllowanceRateEntity,
  BonusBandEntity,
  BonusRateEntity,
  OnCostRateEntity,
  // budget and ledger
  BudgetProductEntity,
  AccountEntity,
  BudgetLineEntity,
  LedgerEntryEntity,
  // council papers
  CouncilPaperEntity,
  ConsultationEntity,
  // generated documents, request idempotency
  DocumentEntity,
  IdempotencyKeyEntity,
];
