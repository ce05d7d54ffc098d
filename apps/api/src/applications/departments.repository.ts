import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/** Read access to the organisation's departments (the lead department of an application). */
@Injectable()
export class DepartmentsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async find(organisationId: string, id: string, em: EntityManager = this.dataSource.manager): Promise<{ id: string; name: string } | undefined> {
    const rows: Array<{ id: string; name: string }> = await em.query(`SELECT id, name FROM department WHERE organisation_id = $1 AND id = $2`, [organisationId, id]);
    return rows[0];
  }
}
