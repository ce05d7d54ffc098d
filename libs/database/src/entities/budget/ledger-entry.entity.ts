import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Relation, Unique } from 'typeorm';
import { CentsColumn, DateColumn, oneOf } from '../columns';
import type { OrganisationEntity } from '../organisation/organisation.entity';
import { OrganisationIdColumn, OrganisationRelation, TenantRelation } from '../tenant';
import { BudgetLineEntity } from './budget-line.entity';

export const LEDGER_ENTRY_KINDS = ['commitment', 'actual', 'reimbursement'] as const;
export type LedgerEntryKind = (typeof LEDGER_ENTRY_KINDS)[number];

/**
 * A booking on a budget line. APPEND-ONLY, enforced by the database: UPDATE, DELETE and TRUNCATE
 * are refused by triggers. A correction is a reversing entry (reverses_id; the negated amount on
 * the same budget line and of the same kind, checked by a trigger; at most one reversal per entry)
 * plus a new entry. `dedup_key` makes bookings idempotent: a retried activity books once.
 */
@Entity({ name: 'ledger_entry' })
@Unique('ledger_entry_tenant_key', ['organisationId', 'id'])
@Unique('ledger_entry_dedup_key_key', ['dedupKey'])
@Unique('ledger_entry_reverses_id_key', ['reversesId'])
@Index('ledger_entry_organisation_id_budget_line_id_idx', ['organisationId', 'budgetLineId', 'bookedOn'])
@Index('ledger_entry_organisation_id_reference_idx', ['organisationId', 'reference'])
@Check('ledger_entry_kind_check', oneOf('kind', LEDGER_ENTRY_KINDS))
export class LedgerEntryEntity {
  /** bigint identity: read as a string (node-postgres), like audit_event.id. */
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS', primaryKeyConstraintName: 'ledger_entry_pkey' })
  id!: string;

  @OrganisationIdColumn()
  organisationId!: string;

  @OrganisationRelation('ledger_entry')
  organisation?: Relation<OrganisationEntity>;

  @Column({ name: 'budget_line_id', type: 'uuid' })
  budgetLineId!: string;

  @TenantRelation(() => BudgetLineEntity, 'budget_line_id', 'ledger_entry_budget_line_id_fkey')
  budgetLine?: Relation<BudgetLineEntity>;

  /** Buchungsdatum; for monthly personnel costs the pay due date (last day of the month). */
  @DateColumn('booked_on')
  bookedOn!: string;

  @Column({ type: 'text' })
  kind!: LedgerEntryKind;

  /** Signed: a reversal carries the negated amount. */
  @CentsColumn('amount_cents')
  amountCents!: number;

  /** Buchungstext. */
  @Column({ type: 'text' })
  text!: string;

  /** What caused it, e.g. 'position:<id>:2025-03'. */
  @Column({ type: 'text', nullable: true })
  reference!: string | null;

  @Column({ name: 'reverses_id', type: 'bigint', nullable: true })
  reversesId!: string | null;

  @TenantRelation(() => LedgerEntryEntity, 'reverses_id', 'ledger_entry_reverses_id_fkey')
  reverses?: Relation<LedgerEntryEntity> | null;

  @Column({ name: 'dedup_key', type: 'text' })
  dedupKey!: string;

  /** Actor reference as in the audit log: `user:<uuid>`, `workflow:<id>`, `system:<component>`. */
  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
