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

// ---------------------------------------------------------------- budget: products, accounts, budget lines
// (imported here, beside the factories that use them, so that additions elsewhere in this file stay apart)
import { AccountEntity, BudgetLineEntity, BudgetProductEntity } from '@app/database';

export async function createBudgetProduct(ds: DataSource, organisation: OrganisationEntity, over: Partial<BudgetProductEntity> = {}): Promise<BudgetProductEntity> {
  const repo = ds.getRepository(BudgetProductEntity);
  return repo.save(repo.create({ organisationId: organisation.id, parentId: null, number: `T${randomBytes(4).toString('hex')}`, name: 'Testprodukt', ...over }));
}

export async function createAccount(ds: DataSource, organisation: OrganisationEntity, over: Partial<AccountEntity> = {}): Promise<AccountEntity> {
  const repo = ds.getRepository(AccountEntity);
  const number = `6${String(randomBytes(3).readUIntBE(0, 3)).padStart(8, '0')}`;
  return repo.save(repo.create({ organisationId: organisation.id, number, name: 'Testkonto', kind: 'expense', ...over }));
}

/** A budget line; without productId/accountId it gets a fresh product and expense account of its own. */
export async function createBudgetLine(ds: DataSource, organisation: OrganisationEntity, over: Partial<BudgetLineEntity> = {}): Promise<BudgetLineEntity> {
  const productId = over.productId ?? (await createBudgetProduct(ds, organisation)).id;
  const accountId = over.accountId ?? (await createAccount(ds, organisation)).id;
  const repo = ds.getRepository(BudgetLineEntity);
  return repo.save(repo.create({ organisationId: organisation.id, fiscalYear: 2026, plannedCents: 0, ...over, productId, accountId }));
}

// ---------------------------------------------------------------- funding: departments, funders, programmes
import { DepartmentEntity, FunderEntity, FundingProgrammeEntity } from '@app/database';

export async function createDepartment(ds: DataSource, organisation: OrganisationEntity, over: Partial<DepartmentEntity> = {}): Promise<DepartmentEntity> {
  const repo = ds.getRepository(DepartmentEntity);
  return repo.save(repo.create({ organisationId: organisation.id, name: `Fachdienst Test ${randomBytes(3).toString('hex')}`, shortName: null, ...over }));
}

export async function createFunder(ds: DataSource, organisation: OrganisationEntity, over: Partial<FunderEntity> = {}): Promise<FunderEntity> {
  const repo = ds.getRepository(FunderEntity);
  return repo.save(repo.create({ organisationId: organisation.id, kind: 'land', name: `Ministerium Test ${randomBytes(3).toString('hex')}`, ...over }));
}

/** A programme (share financing, 80 %, no period rules); without funderId it gets a funder of its own. */
export async function createProgramme(ds: DataSource, organisation: OrganisationEntity, over: Partial<FundingProgrammeEntity> = {}): Promise<FundingProgrammeEntity> {
  const funderId = over.funderId ?? (await createFunder(ds, organisation)).id;
  const repo = ds.getRepository(FundingProgrammeEntity);
  return repo.save(
    repo.create({
      organisationId: organisation.id,
      name: `Programm Test ${randomBytes(3).toString('hex')}`,
      legalBasis: 'land_grant',
      anbestVariant: 'P',
      financingType: 'share',
      rateBp: 8000,
      capCents: null,
      minPeriodMonths: null,
      maxPeriodMonths: null,
      ...over,
      funderId,
    }),
  );
}
