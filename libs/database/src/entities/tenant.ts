import { Column, JoinColumn, ManyToOne } from 'typeorm';
import { OrganisationEntity } from './organisation/organisation.entity';

/*
 * Tenancy at the database. Every tenant-owned table has
 *  - `organisation_id uuid NOT NULL` referencing organisation, and an index starting with it;
 *  - `UNIQUE (organisation_id, id)` when other tables point at it ("<table>_tenant_key"); and
 *  - composite foreign keys `(organisation_id, <x>_id) → <x>(organisation_id, id)` for every
 *    reference to another tenant-owned row, so a row can never point into another tenant's
 *    data, whatever the application code does.
 */

/** The tenant column: `organisation_id uuid NOT NULL`. */
export function OrganisationIdColumn(): PropertyDecorator {
  return Column({ name: 'organisation_id', type: 'uuid' });
}

/** The foreign key organisation_id → organisation(id), named `<table>_organisation_id_fkey`. */
export function OrganisationRelation(table: string): PropertyDecorator {
  return (target, propertyKey) => {
    ManyToOne(() => OrganisationEntity, { nullable: false, onDelete: 'RESTRICT' })(target, propertyKey as string);
    JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: `${table}_organisation_id_fkey` })(target, propertyKey);
  };
}

export interface TenantRelationOptions {
  /** RESTRICT (default): the referenced row cannot go while this one exists. CASCADE: parts of a whole. */
  onDelete?: 'RESTRICT' | 'CASCADE';
}

/**
 * A reference to another tenant-owned row through (organisation_id, <column>). The column itself
 * is declared with @Column beside the relation (that is where its nullability lives); a NULL
 * column leaves the foreign key unchecked (MATCH SIMPLE).
 */
export function TenantRelation(
  target: () => Function,
  column: string,
  constraintName: string,
  options: TenantRelationOptions = {},
): PropertyDecorator {
  return (prototype, propertyKey) => {
    ManyToOne(target, { onDelete: options.onDelete ?? 'RESTRICT' })(prototype, propertyKey as string);
    JoinColumn([
      { name: 'organisation_id', referencedColumnName: 'organisationId', foreignKeyConstraintName: constraintName },
      { name: column, referencedColumnName: 'id' },
    ])(prototype, propertyKey);
  };
}
