import type { DemoWriter } from './writer';

/*
 * Tenants and their structure: organisation, departments, municipalities, committees with
 * session dates, and one user per role. Natural keys: organisation slug; (organisation, name) for
 * departments, municipalities and committees; (organisation, committee, date) for sessions;
 * (organisation, subject) for users.
 */

export type Role = 'youth_office' | 'department_head' | 'finance' | 'council_office' | 'auditor' | 'admin';

export interface DepartmentSpec {
  name: string;
  shortName?: string;
}

export interface MunicipalitySpec {
  name: string;
  kind: 'city' | 'municipality';
}

export interface CommitteeSpec {
  name: string;
  shortName?: string;
  /** session dates (ISO); all public (Ö) */
  sessions: readonly string[];
}

export interface OrganisationSpec {
  slug: string;
  name: string;
  kind: 'county' | 'city';
  landCode: string;
  /** the department that leads the demo application (federführend) */
  youthOffice: string;
  departments: readonly DepartmentSpec[];
  municipalities: readonly MunicipalitySpec[];
  committees: readonly CommitteeSpec[];
}

export interface UserSpec {
  subject: string;
  displayName: string;
  role: Role;
}

/** One user per role in every organisation; generic names, no real people. */
export const DEMO_USERS: readonly UserSpec[] = [
  { subject: 'jugendamt', displayName: 'Sachbearbeitung Jugendamt', role: 'youth_office' },
  { subject: 'fachdienstleitung', displayName: 'Fachdienstleitung Jugendamt', role: 'department_head' },
  { subject: 'kaemmerei', displayName: 'Kämmerei', role: 'finance' },
  { subject: 'kreistagsbuero', displayName: 'Büro des Kreistages', role: 'council_office' },
  { subject: 'rechnungspruefung', displayName: 'Rechnungsprüfung', role: 'auditor' },
  { subject: 'admin', displayName: 'Administration', role: 'admin' },
];

export interface OrganisationIds {
  id: string;
  departments: Map<string, string>;
  municipalities: Map<string, string>;
  committees: Map<string, string>;
  users: Map<string, string>;
}

function must<T>(map: Map<string, T>, key: string, what: string): T {
  const v = map.get(key);
  if (v === undefined) throw new Error(`demo data: unknown ${what} "${key}"`);
  return v;
}

export function department(ids: OrganisationIds, name: string): string {
  return must(ids.departments, name, 'department');
}

export function committee(ids: OrganisationIds, name: string): string {
  return must(ids.committees, name, 'committee');
}

export function user(ids: OrganisationIds, subject: string): string {
  return must(ids.users, subject, 'user');
}

export async function ensureOrganisation(w: DemoWriter, spec: OrganisationSpec): Promise<OrganisationIds> {
  const { id } = await w.ensure('organisation', {
    key: { slug: spec.slug },
    values: { name: spec.name, kind: spec.kind, land_code: spec.landCode },
    conflict: ['slug'],
  });
  const ids: OrganisationIds = { id, departments: new Map(), municipalities: new Map(), committees: new Map(), users: new Map() };

  for (const d of spec.departments) {
    const r = await w.ensure('department', {
      key: { organisation_id: id, name: d.name },
      values: { short_name: d.shortName ?? null },
      conflict: ['organisation_id', 'name'],
    });
    ids.departments.set(d.name, r.id);
  }
  for (const m of spec.municipalities) {
    const r = await w.ensure('municipality', {
      key: { organisation_id: id, name: m.name },
      values: { kind: m.kind },
      conflict: ['organisation_id', 'name'],
    });
    ids.municipalities.set(m.name, r.id);
  }
  for (const c of spec.committees) {
    const r = await w.ensure('committee', {
      key: { organisation_id: id, name: c.name },
      values: { short_name: c.shortName ?? null },
      conflict: ['organisation_id', 'name'],
    });
    ids.committees.set(c.name, r.id);
    for (const date of c.sessions) {
      await w.ensure('committee_session', {
        key: { organisation_id: id, committee_id: r.id, session_date: date },
        values: { public: true },
        conflict: ['organisation_id', 'committee_id', 'session_date'],
      });
    }
  }
  for (const u of DEMO_USERS) {
    const r = await w.ensure('app_user', {
      key: { organisation_id: id, subject: u.subject },
      values: { display_name: u.displayName, email: null, roles: [u.role], active: true },
      conflict: ['organisation_id', 'subject'],
    });
    ids.users.set(u.subject, r.id);
  }
  return ids;
}
