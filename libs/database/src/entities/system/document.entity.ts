import { Check, Column, Entity, Relation, Unique } from 'typeorm';
import { CreatedRecord, UuidPrimaryColumn } from '../columns';
import type { OrganisationEntity } from '../organisation/organisation.entity';
import { OrganisationIdColumn, OrganisationRelation } from '../tenant';

/**
 * A generated document (council paper PDF, finance workbook …), versioned per subject and kind,
 * never changed: a new rendering is a new version.
 *
 * The bytes live in the row (`content bytea`) for now: written in the same transaction as the
 * state change that produced them, backed up with the database, no second store to keep
 * consistent. The database checks that size and SHA-256 match the content. Documents are small
 * (PDFs and workbooks of a few hundred KB); should they grow, `content` moves to object storage
 * behind a `storage_path`. `content` is not selected by default: load it explicitly.
 */
@Entity({ name: 'document' })
@Unique('document_tenant_key', ['organisationId', 'id'])
@Unique('document_subject_kind_version_key', ['organisationId', 'subjectType', 'subjectId', 'kind', 'version'])
@Check('document_kind_check', `"kind" ~ '^[a-z][a-z0-9_]*$'`)
@Check('document_subject_type_check', `"subject_type" ~ '^[a-z][a-z0-9_]*$'`)
@Check('document_version_check', `"version" >= 1`)
@Check('document_size_bytes_check', `"size_bytes" = octet_length("content")`)
@Check('document_sha256_check', `"sha256" = encode(sha256("content"), 'hex')`)
@Unique('document_organisation_id_generation_key_key', ['organisationId', 'generationKey'])
@Check('document_source_version_check', `"source_version" IS NULL OR "source_version" >= 1`)
export class DocumentEntity extends CreatedRecord {
  @UuidPrimaryColumn('document')
  id!: string;

  @OrganisationIdColumn()
  organisationId!: string;

  @OrganisationRelation('document')
  organisation?: Relation<OrganisationEntity>;

  /** e.g. 'council_paper_pdf', 'finance_workbook' */
  @Column({ type: 'text' })
  kind!: string;

  /** e.g. 'council_paper', 'funding_application' (as in the audit log) */
  @Column({ name: 'subject_type', type: 'text' })
  subjectType!: string;

  @Column({ name: 'subject_id', type: 'text' })
  subjectId!: string;

  /** 1, 2, 3 … per (subject, kind): the document's own version, not an optimistic lock. */
  @Column({ type: 'int' })
  version!: number;

  /** e.g. 'Vorlage-2021-844.pdf' */
  @Column({ name: 'file_name', type: 'text' })
  fileName!: string;

  /** e.g. 'application/pdf' */
  @Column({ name: 'media_type', type: 'text' })
  mediaType!: string;

  /** Hex SHA-256 of content. */
  @Column({ type: 'text' })
  sha256!: string;

  @Column({ name: 'size_bytes', type: 'int' })
  sizeBytes!: number;

  @Column({ type: 'bytea', select: false })
  content!: Buffer;

  /** Actor reference as in the audit log. */
  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  /**
   * The dedup key of the generation request (e.g. `application:<id>:interim-report:2027`): a
   * retried workflow activity finds its document instead of storing a second version. Null for
   * documents generated on a user's request.
   */
  @Column({ name: 'generation_key', type: 'text', nullable: true })
  generationKey!: string | null;

  /** The version of the data rendered (an application's revision in force, a disbursement request's row version), when the subject has one. */
  @Column({ name: 'source_version', type: 'int', nullable: true })
  sourceVersion!: number | null;
}
