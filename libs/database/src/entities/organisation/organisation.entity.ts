import { Check, Column, Entity, Unique } from 'typeorm';
import { EditableRecord, oneOf, UuidPrimaryColumn } from '../columns';

export const ORGANISATION_KINDS = ['county', 'city'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/** The 16 Länder (ISO 3166-2:DE subdivision codes). Product frameworks and holidays differ by Land. */
export const LAND_CODES = ['BW', 'BY', 'BE', 'BB', 'HB', 'HH', 'HE', 'MV', 'NI', 'NW', 'RP', 'SL', 'SN', 'ST', 'SH', 'TH'] as const;
export type LandCode = (typeof LAND_CODES)[number];

/** A tenant: a Landkreis (county) or kreisfreie Stadt (city) that applies for funding. */
@Entity({ name: 'organisation' })
@Unique('organisation_slug_key', ['slug'])
@Check('organisation_kind_check', oneOf('kind', ORGANISATION_KINDS))
@Check('organisation_land_code_check', oneOf('land_code', LAND_CODES))
@Check('organisation_slug_check', `"slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`)
export class OrganisationEntity extends EditableRecord {
  @UuidPrimaryColumn('organisation')
  id!: string;

  /** e.g. "Landkreis Peine" */
  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  kind!: OrganisationKind;

  @Column({ name: 'land_code', type: 'text' })
  landCode!: LandCode;

  /** Stable URL/login key, e.g. "landkreis-peine" (development login: `<slug>/<subject>`). */
  @Column({ type: 'text' })
  slug!: string;
}
