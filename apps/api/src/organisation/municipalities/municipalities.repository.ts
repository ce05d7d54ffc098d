import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { MunicipalityKind } from '@app/database';
import { TenantRow, TenantTable } from '../../common/tenant-table';

export interface MunicipalityValues {
  name: string;
  kind: MunicipalityKind;
}

export type MunicipalityRecord = MunicipalityValues & TenantRow;

export const MUNICIPALITY_SORTABLE = { name: 'm.name COLLATE "de-DE-x-icu"', kind: 'm.kind', createdAt: 'm.created_at' };

/** The Städte und Gemeinden of one organisation: every statement names the organisation. */
@Injectable()
export class MunicipalitiesRepository extends TenantTable<MunicipalityValues> {
  constructor(dataSource: DataSource) {
    super(dataSource, { table: 'municipality', alias: 'm', values: { name: 'name', kind: 'kind' } });
  }
}
