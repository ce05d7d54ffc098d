import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppUserEntity, OrganisationEntity } from '@app/database';

/** Test data factories: each test names only what it varies. */
export async function createOrganisation(ds: DataSource, over: Partial<OrganisationEntity> = {}): Promise<OrganisationEntity> {
  const suffix = randomBytes(3).toString('hex');
  return ds.getRepository(OrganisationEntity).save(
    ds.getRepository(OrganisationEntity).create({ name: `Landkreis Test ${suffix}`, kind: 'county', landCode: 'NI', slug: `landkreis-test-${suffix}`, ...over }),
  );
}

export async function createUser(ds: DataSource, organisation: OrganisationEntity, over: Partial<AppUserEntity> = {}): Promise<AppUserEntity> {
  const subject = over.subject ?? `user-${randomBytes(3).toString('hex')}`;
  return ds.getRepository(AppUserEntity).save(
    ds.getRepository(AppUserEntity).create({ organisationId: organisation.id, subject, displayName: subject, email: null, roles: ['youth_office'], active: true, ...over }),
  );
}

/** The development login header for a user (AUTH_MODE=development). */
export function devLogin(organisation: OrganisationEntity, user: AppUserEntity): Record<string, string> {
  return { 'x-dev-user': `${organisation.slug}/${user.subject}` };
}
