import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, ROLES, Role } from '@app/common';

/** Finds the person behind a login in the organisation's user list. */
@Injectable()
export class UserDirectory {
  constructor(private readonly dataSource: DataSource) {}

  async findBySubject(organisationSlug: string, subject: string): Promise<Actor | undefined> {
    const rows: Array<{ id: string; organisation_id: string; roles: string[] }> = await this.dataSource.query(
      `SELECT u.id, u.organisation_id, u.roles
         FROM app_user u JOIN organisation o ON o.id = u.organisation_id
        WHERE o.slug = $1 AND u.subject = $2 AND u.active`,
      [organisationSlug, subject],
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      ref: `user:${row.id}`,
      userId: row.id,
      organisationId: row.organisation_id,
      roles: row.roles.filter((r): r is Role => (ROLES as readonly string[]).includes(r)),
    };
  }
}
