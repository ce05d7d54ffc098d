import { Check, Column, Entity, Index, Relation, Unique } from 'typeorm';
import { CreatedRecord, UuidPrimaryColumn } from '../columns';
import type { OrganisationEntity } from '../organisation/organisation.entity';
import { OrganisationIdColumn, OrganisationRelation } from '../tenant';

/**
 * An `Idempotency-Key` of a write request and the response it got: a retried request with the
 * same key and body gets the same response; the same key with another body is refused
 * (request_hash differs). Old keys may be purged by created_at.
 */
@Entity({ name: 'idempotency_key' })
@Unique('idempotency_key_organisation_id_key_key', ['organisationId', 'key'])
@Index('idempotency_key_created_at_idx', ['createdAt'])
@Check('idempotency_key_response_status_check', `"response_status" BETWEEN 100 AND 599`)
export class IdempotencyKeyEntity extends CreatedRecord {
  @UuidPrimaryColumn('idempotency_key')
  id!: string;

  @OrganisationIdColumn()
  organisationId!: string;

  @OrganisationRelation('idempotency_key')
  organisation?: Relation<OrganisationEntity>;

  @Column({ type: 'text' })
  key!: string;

  /** Hex SHA-256 of method, path and body. */
  @Column({ name: 'request_hash', type: 'text' })
  requestHash!: string;

  @Column({ name: 'response_status', type: 'int' })
  responseStatus!: number;

  @Column({ name: 'response_body', type: 'jsonb', nullable: true })
  responseBody!: unknown;
}
