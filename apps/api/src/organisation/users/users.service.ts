import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, DomainError, ROLES } from '@app/common';
import { AuditService } from '../../audit/audit.service';
import { assertVersion } from '../../common/optimistic-lock';
import { resolvePage } from '../../common/pagination';
import { isoTimestamp, isUuid, rethrowUniqueViolation } from '../../common/persistence';
import { CreateUserDto, ListUsersQuery, UpdateUserDto, UserDto, UserPageDto } from './user.dto';
import { USER_SORTABLE, UserRecord, UsersRepository, UserValues } from './users.repository';

const SUBJECT = 'app_user';
const UNIQUE_SUBJECT = { app_user_organisation_id_subject_key: { field: 'subject', reason: 'another user of your organisation has this subject' } };

/**
 * The people who use foerderwerk in the organisation. Users are never deleted: `active: false`
 * ends their logins at once (the AuthGuard reads the flag on every request) and keeps their name
 * on everything they did. Who may manage users is the permission matrix's business (not enforced yet).
 */
@Injectable()
export class UsersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor, query: ListUsersQuery): Promise<UserPageDto> {
    const page = resolvePage(query, USER_SORTABLE, 'displayName', 'u.id');
    const { items, total } = await this.users.list(actor.organisationId, { active: query.active, role: query.role }, page);
    return { items: items.map(toDto), total, limit: page.limit, offset: page.offset };
  }

  async get(actor: Actor, id: string): Promise<UserDto> {
    const user = isUuid(id) ? await this.users.findById(actor.organisationId, id) : undefined;
    if (!user) throw DomainError.notFound('user', id);
    return toDto(user);
  }

  async create(actor: Actor, dto: CreateUserDto, requestId?: string): Promise<UserDto> {
    try {
      return await this.dataSource.transaction(async (em) => {
        const values: UserValues = { displayName: dto.displayName, email: dto.email ?? null, roles: inRoleOrder(dto.roles), active: true };
        const after = toDto(await this.users.insert(em, actor.organisationId, dto.subject, values));
        await this.audit.record(em, actor, { action: 'user.created', subjectType: SUBJECT, subjectId: after.id, after }, requestId);
        return after;
      });
    } catch (error) {
      rethrowUniqueViolation(error, UNIQUE_SUBJECT, 'user not created');
    }
  }

  async update(actor: Actor, id: string, dto: UpdateUserDto, requestId?: string): Promise<UserDto> {
    if (!isUuid(id)) throw DomainError.notFound('user', id);
    return this.dataSource.transaction(async (em) => {
      const current = await this.users.findById(actor.organisationId, id, em, true);
      if (!current) throw DomainError.notFound('user', id);
      assertVersion('user', id, current.version, dto.version);
      const next: UserValues = {
        displayName: dto.displayName ?? current.displayName,
        email: dto.email === undefined ? current.email : dto.email,
        roles: dto.roles === undefined ? current.roles : inRoleOrder(dto.roles),
        active: dto.active ?? current.active,
      };
      const unchanged =
        next.displayName === current.displayName && next.email === current.email && next.active === current.active && next.roles.join() === current.roles.join();
      if (unchanged) return toDto(current); // nothing to write or audit
      const after = toDto(await this.users.update(em, actor.organisationId, id, next));
      const action = next.active === current.active ? 'user.updated' : next.active ? 'user.reactivated' : 'user.deactivated';
      await this.audit.record(em, actor, { action, subjectType: SUBJECT, subjectId: id, before: toDto(current), after, reason: dto.reason ?? null }, requestId);
      return after;
    });
  }
}

/** Roles are a set: stored in the order of ROLES, so that equal sets compare equal. */
function inRoleOrder(roles: readonly string[]): UserValues['roles'] {
  return ROLES.filter((r) => roles.includes(r));
}

function toDto(u: UserRecord): UserDto {
  return {
    id: u.id,
    ref: `user:${u.id}`,
    subject: u.subject,
    displayName: u.displayName,
    email: u.email,
    roles: inRoleOrder(u.roles),
    active: u.active,
    version: u.version,
    createdAt: isoTimestamp(u.createdAt),
    updatedAt: isoTimestamp(u.updatedAt),
  };
}
