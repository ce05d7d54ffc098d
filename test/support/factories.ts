import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ROLES, type Role } from '@app/common';
import { AppUserEntity, OrganisationEntity } from '@app/database';

/** Test data factories: each test names only what it varies. */
export async function createOrganisation(ds: DataSource, over: Partial<OrganisationEntity> = {}): Promise<OrganisationEntity> {
  const suffix = randomBytes(3).toString('hex');
  return ds.getRepository(OrganisationEntity).save(
    ds.getRepository(OrganisationEntity).create({ name: `Landkreis Test ${suffix}`, kind: 'county', landCode: 'NI', slug: `landkreis-test-${suffix}`, ...over }),
  );
}

/**
 * The default roles of a factory user: every role that may change something (all but the auditor),
 * so that a test of what an endpoint does is not a test of who may call it; the permission matrix
 * (test/security) tests each role on its own.
 */
export const ALL_WORKING_ROLES: Role[] = ROLES.filter((r) => r !== 'auditor');

export async function createUser(ds: DataSource, organisation: OrganisationEntity, over: Partial<AppUserEntity> = {}): Promise<AppUserEntity> {
  const subject = over.subject ?? `user-${randomBytes(3).toString('hex')}`;
  return ds.getRepository(AppUserEntity).save(
    ds.getRepository(AppUserEntity).create({ organisationId: organisation.id, subject, displayName: subject, email: null, roles: [...ALL_WORKING_ROLES], active: true, ...over }),
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

// ---------------------------------------------------------------- council: committees; staff positions of an application
import { CommitteeEntity, StaffPositionEntity } from '@app/database';

export async function createCommittee(ds: DataSource, organisation: OrganisationEntity, over: Partial<CommitteeEntity> = {}): Promise<CommitteeEntity> {
  const repo = ds.getRepository(CommitteeEntity);
  return repo.save(repo.create({ organisationId: organisation.id, name: `Ausschuss Test ${randomBytes(3).toString('hex')}`, shortName: null, ...over }));
}

/** A position of the Stellenplan: full time S 12 (39 of 39 hours) for three years from 2026, no application or product unless given. */
export async function createStaffPosition(ds: DataSource, organisation: OrganisationEntity, over: Partial<StaffPositionEntity> = {}): Promise<StaffPositionEntity> {
  const repo = ds.getRepository(StaffPositionEntity);
  return repo.save(
    repo.create({
      organisationId: organisation.id,
      applicationId: null,
      title: `Stelle Test ${randomBytes(3).toString('hex')}`,
      payScale: 'TVOED_VKA_SUE',
      payGroup: 'S 12',
      caseGroup: null,
      weeklyHours: '39',
      fullTimeHours: '39',
      startOn: '2026-01-01',
      endOn: '2028-12-31',
      fundedShareBp: null,
      budgetProductId: null,
      payAccountId: null,
      reimbursementAccountId: null,
      accountOverrides: {},
      status: 'planned',
      ...over,
    }),
  );
}

// ---------------------------------------------------------------- funding applications; pay tables (reference data)
import { FundingApplicationEntity, PayTableRowEntity } from '@app/database';

/** A draft application (row only, no revision); without programmeId/leadDepartmentId it gets its own. */
export async function createFundingApplication(ds: DataSource, organisation: OrganisationEntity, over: Partial<FundingApplicationEntity> = {}): Promise<FundingApplicationEntity> {
  const programmeId = over.programmeId ?? (await createProgramme(ds, organisation)).id;
  const leadDepartmentId = over.leadDepartmentId ?? (await createDepartment(ds, organisation)).id;
  const repo = ds.getRepository(FundingApplicationEntity);
  return repo.save(
    repo.create({
      organisationId: organisation.id,
      title: `Antrag Test ${randomBytes(3).toString('hex')}`,
      description: '',
      periodStart: '2026-01-01',
      periodEnd: '2028-12-31',
      status: 'draft',
      ...over,
      programmeId,
      leadDepartmentId,
    }),
  );
}

/** Rows of a pay table group (global reference data, shared by every organisation of the database), one per Stufe. */
export async function createPayTableGroup(
  ds: DataSource,
  group: { payScale: string; payGroup: string; stages?: number[]; validFrom?: string; amountCents?: number },
): Promise<void> {
  const { payScale, payGroup, stages = [1, 2, 3, 4, 5, 6], validFrom = '2025-04-01', amountCents = 400_000 } = group;
  await ds
    .createQueryBuilder()
    .insert()
    .into(PayTableRowEntity)
    .values(stages.map((stage) => ({ payScale, payGroup, stage, validFrom, validTo: null, amountCents: amountCents + stage * 10_000, computed: false, note: 'test' })))
    .orIgnore()
    .execute();
}

// ---------------------------------------------------------------- council papers: request bodies from the documents fixtures
import type { CouncilPaperDocument } from '@app/documents';

/**
 * The body of POST /api/v1/council-papers for a paper of the documents fixtures (e.g.
 * VORLAGE_2021_844), with the ids of the lead department and of the committees by name.
 */
export function councilPaperBody(
  paper: CouncilPaperDocument,
  ids: { leadDepartmentId: string; committeeIds: Record<string, string>; departmentIds?: Record<string, string> },
): Record<string, unknown> {
  const roles = { Kenntnisnahme: 'acknowledgement', Vorberatung: 'preliminary', Entscheidung: 'decision' } as const;
  const idOf = (names: Record<string, string> | undefined, name: string): string => {
    const id = names?.[name];
    if (!id) throw new Error(`councilPaperBody: no id given for "${name}"`);
    return id;
  };
  return {
    number: paper.reference,
    paperType: paper.paperType === 'Beschlussvorlage' ? 'decision' : 'information',
    isPublic: paper.isPublic,
    paperDate: paper.date,
    leadDepartmentId: ids.leadDepartmentId,
    participatingDepartmentIds: paper.participatingDepartments.map((name) => idOf(ids.departmentIds, name)),
    costsInBudget: paper.costs.includedInBudget,
    costCents: paper.costs.amountCents,
    countyExecutiveInvolved: paper.costs.districtAdministratorInvolved,
    qualifiedMajority: paper.costs.qualifiedMajorityRequired,
    relevance: {
      genderMainstreaming: paper.relevance.genderMainstreaming,
      migration: paper.relevance.migration,
      preventionSustainability: paper.relevance.preventionSustainability,
      education: paper.relevance.education,
      climate: paper.relevance.climateEnvironmentNature,
    },
    title: paper.title,
    sections: {
      description: [...paper.sections.description],
      goals: [...paper.sections.goalsAndEffects],
      resources: [...paper.sections.resources],
      conclusion: [...paper.sections.conclusion],
      ...(paper.sections.resolutionProposal ? { decisionProposal: [...paper.sections.resolutionProposal] } : {}),
    },
    relatedPaperNumbers: paper.relatedPapers.map((p) => p.reference),
    attachments: paper.attachments.map((a) => ({ title: a.name })),
    consultations: paper.consultations.map((c) => ({
      committeeId: idOf(ids.committeeIds, c.committee),
      sessionDate: c.sessionDate,
      role: roles[c.role],
      isPublic: c.isPublic,
      authoritative: c.role === 'Entscheidung',
    })),
  };
}

// ---------------------------------------------------------------- funding records: an application with its plans (revision 1)
import { ApplicationRevisionEntity, CostPlanLineEntity, FinancingPlanLineEntity } from '@app/database';

/**
 * An application with revision 1 and its plans: by default personnel 120.000 € + material 30.000 €,
 * financed by the funder (120.000 €) and own funds (30.000 €).
 */
export async function createApplicationWithPlans(
  ds: DataSource,
  organisation: OrganisationEntity,
  over: Partial<FundingApplicationEntity> = {},
  plans: {
    costPlan?: Array<Pick<CostPlanLineEntity, 'category' | 'label' | 'amountCents'>>;
    financingPlan?: Array<Pick<FinancingPlanLineEntity, 'source' | 'label' | 'amountCents'>>;
  } = {},
): Promise<FundingApplicationEntity> {
  const application = await createFundingApplication(ds, organisation, over);
  const costPlan = plans.costPlan ?? [
    { category: 'personnel', label: 'Netzwerkkoordination (S 12, 39 h)', amountCents: 12_000_000 },
    { category: 'material', label: 'Sachkosten Netzwerktreffen', amountCents: 3_000_000 },
  ];
  const financingPlan = plans.financingPlan ?? [
    { source: 'funder', label: 'Landesmittel', amountCents: 12_000_000 },
    { source: 'own', label: 'Eigenanteil Landkreis', amountCents: 3_000_000 },
  ];
  const revision = await ds
    .getRepository(ApplicationRevisionEntity)
    .save(ds.getRepository(ApplicationRevisionEntity).create({ organisationId: organisation.id, applicationId: application.id, revisionNo: 1, reason: '', createdBy: 'test' }));
  await ds.getRepository(CostPlanLineEntity).save(costPlan.map((l, i) => ds.getRepository(CostPlanLineEntity).create({ organisationId: organisation.id, revisionId: revision.id, lineNo: i + 1, fiscalYear: null, ...l })));
  await ds.getRepository(FinancingPlanLineEntity).save(financingPlan.map((l, i) => ds.getRepository(FinancingPlanLineEntity).create({ organisationId: organisation.id, revisionId: revision.id, lineNo: i + 1, ...l })));
  return application;
}
