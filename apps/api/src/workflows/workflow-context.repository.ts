import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { LAND_HOLIDAY_RULES, type HolidayRule } from '@app/calendar';

/** What the start inputs of the workflows need from the organisation, read in the caller's transaction. */
@Injectable()
export class WorkflowContextRepository {
  /** The Land holidays of the organisation (nationwide ones always count in the workflows). */
  async holidayRules(em: EntityManager, organisationId: string): Promise<readonly HolidayRule[]> {
    const rows: Array<{ landCode: string }> = await em.query(`SELECT land_code AS "landCode" FROM organisation WHERE id = $1`, [organisationId]);
    const code = rows[0]?.landCode;
    return code && code in LAND_HOLIDAY_RULES ? LAND_HOLIDAY_RULES[code as keyof typeof LAND_HOLIDAY_RULES] : [];
  }

  /**
   * Who is told when a deadline has passed: the first active department head of the organisation
   * (`user:<uuid>`), else `fallback` (the person who started the thing).
   */
  async escalationRecipient(em: EntityManager, organisationId: string, fallback: string): Promise<string> {
    const rows: Array<{ id: string }> = await em.query(
      `SELECT id FROM app_user WHERE organisation_id = $1 AND active AND 'department_head' = ANY(roles) ORDER BY created_at, id LIMIT 1`,
      [organisationId],
    );
    return rows[0] ? `user:${rows[0].id}` : fallback;
  }
}
