import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TenantRow, TenantTable } from '../../common/tenant-table';

export interface DepartmentValues {
  name: string;
  shortName: string | null;
}

export type DepartmentRecord = DepartmentValues & TenantRow;

export const DEPARTMENT_SORTABLE = { name: 'd.name COLLATE "de-DE-x-icu"', createdAt: 'd.created_at' };

/** The departments (Fachdienste, Ämter) of one organisation: every statement names the organisation. */
@Injectable()
export class DepartmentsRepository extends TenantTable<DepartmentValues> {
  constructor(dataSource: DataSource) {
    super(dataSource, { table: 'department', alias: 'd', values: { name: 'name', shortName: 'short_name' } });
  }
}
