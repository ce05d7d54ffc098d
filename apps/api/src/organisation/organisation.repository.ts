import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { LandCode, OrganisationKind } from '@app/database';

export interface OrganisationRecord {
  id: string;
  name: string;
  kind: OrganisationKind;
  landCode: LandCode;
  slug: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** Read access to the tenant row itself: only ever by the caller's own organisation id. */
@Injectable()
export class OrganisationRepository {
  constructor(private readonly dataSource: DataSource) {}

  async find(organisationId: string): Promise<OrganisationRecord | undefined> {
    const rows: OrganisationRecord[] = await this.dataSource.query(
      `SELECT id, name, kind, land_code AS "landCode", slug, version, created_at AS "createdAt", updated_at AS "updatedAt"
         FROM organisation WHERE id = $1`,
      [organisationId],
    );
    return rows[0];
  }
}
