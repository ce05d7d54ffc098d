import { ROLES, type Role } from '@app/common';

/**
 * Who may call what: THE table of the api's permissions, one entry per route, keyed by
 * `METHOD path` exactly as Fastify registers the route (`:param` placeholders). The AuthGuard
 * enforces it, deny by default: a route that is not listed here answers 403 for everyone (and is
 * logged), so a new endpoint is never open by accident. Routes marked @Public() (health) are
 * listed in PUBLIC_ROUTES instead. docs/PERMISSIONS.md is generated from this file
 * (`renderPermissionsMarkdown`; a test keeps it up to date), and test/security checks every
 * registered route against it with a user of every role.
 *
 * The roles (libs/common/src/actor.ts):
 * - youth_office: prepares and files applications, positions, milestones and reports;
 * - department_head: the internal sign-off of an application;
 * - finance: budget (products, accounts, lines), ledger, funding notices, disbursements, payments;
 * - council_office: council papers, committees' sessions, consultations and their outcomes;
 * - auditor: reads everything, changes nothing;
 * - admin: organisation set-up (departments, municipalities, committees, users, funders, programmes).
 * Every role of an organisation reads all of its data (GET); writes are granted per action.
 */
export type RouteKey = `${'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'} /${string}`;

export interface Permission {
  roles: readonly Role[];
  /** What the action is, for docs/PERMISSIONS.md and for the 403 message. */
  action: string;
}

/** Reads: every role of the organisation, the auditor included. */
const READ: readonly Role[] = ROLES;
const YOUTH_OFFICE: readonly Role[] = ['youth_office'];
const DEPARTMENT_HEAD: readonly Role[] = ['department_head'];
const FINANCE: readonly Role[] = ['finance'];
const COUNCIL_OFFICE: readonly Role[] = ['council_office'];
const ADMIN: readonly Role[] = ['admin'];
/** Everyone who works on the organisation's cases (not the auditor, not the set-up admin). */
const STAFF: readonly Role[] = ['youth_office', 'department_head', 'finance', 'council_office'];

const read = (action: string): Permission => ({ roles: READ, action });
const by = (roles: readonly Role[], action: string): Permission => ({ roles, action });
const union = (...sets: Array<readonly Role[]>): readonly Role[] => ROLES.filter((r) => sets.some((s) => s.includes(r)));

export const PERMISSIONS: Readonly<Record<RouteKey, Permission>> = {
  // ------------------------------------------------------------ organisation set-up (admin)
  'GET /api/v1/organisation': read('the organisation'),
  'GET /api/v1/users': read('list users'),
  'POST /api/v1/users': by(ADMIN, 'add a user with roles'),
  'GET /api/v1/users/:id': read('one user'),
  'PATCH /api/v1/users/:id': by(ADMIN, "change a user's name, roles, deactivate"),
  'GET /api/v1/departments': read('list departments'),
  'POST /api/v1/departments': by(ADMIN, 'add a department'),
  'GET /api/v1/departments/:id': read('one department'),
  'PATCH /api/v1/departments/:id': by(ADMIN, 'change a department'),
  'GET /api/v1/municipalities': read('list municipalities'),
  'POST /api/v1/municipalities': by(ADMIN, 'add a municipality'),
  'GET /api/v1/municipalities/:id': read('one municipality'),
  'PATCH /api/v1/municipalities/:id': by(ADMIN, 'change a municipality'),
  'GET /api/v1/committees': read('list committees'),
  'POST /api/v1/committees': by(ADMIN, 'add a committee'),
  'GET /api/v1/committees/:id': read('one committee'),
  'PATCH /api/v1/committees/:id': by(ADMIN, 'change a committee'),
  'GET /api/v1/committees/:id/sessions': read("a committee's session dates"),
  'POST /api/v1/committees/:id/sessions': by(union(COUNCIL_OFFICE, ADMIN), 'add a session date of a committee'),
  'GET /api/v1/funders': read('list funders'),
  'POST /api/v1/funders': by(union(ADMIN, YOUTH_OFFICE), 'add a funder'),
  'GET /api/v1/programmes': read('list funding programmes'),
  'POST /api/v1/programmes': by(union(ADMIN, YOUTH_OFFICE), 'add a funding programme with its rules'),
  'GET /api/v1/programmes/:id': read('one funding programme'),

  // ------------------------------------------------------------ applications (youth office), sign-off (department head)
  'POST /api/v1/applications': by(YOUTH_OFFICE, 'create a draft application'),
  'GET /api/v1/applications': read('list applications'),
  'GET /api/v1/applications/:id': read('one application'),
  'PATCH /api/v1/applications/:id': by(YOUTH_OFFICE, 'change a draft application (new revision)'),
  'POST /api/v1/applications/:id/amendments': by(YOUTH_OFFICE, 'file an amendment (Änderungsantrag)'),
  'GET /api/v1/applications/:id/revisions': read("an application's revisions"),
  'GET /api/v1/applications/:id/revisions/:no': read('one revision of an application'),
  'POST /api/v1/applications/:id/milestones': by(YOUTH_OFFICE, 'add a milestone to an application'),
  // the lifecycle (application-<id> workflow): the youth office files and reports, the department head signs off
  'GET /api/v1/applications/:id/workflow': read("the state of an application's workflow"),
  'POST /api/v1/applications/:id/actions/request-sign-off': by(YOUTH_OFFICE, 'ask the department head to sign off'),
  'POST /api/v1/applications/:id/actions/sign-off': by(DEPARTMENT_HEAD, 'sign the application off (Mitzeichnung)'),
  'POST /api/v1/applications/:id/actions/start-council-consultation': by(union(COUNCIL_OFFICE, YOUTH_OFFICE), "put the application's council paper into consultation"),
  'POST /api/v1/applications/:id/actions/submit': by(YOUTH_OFFICE, 'record that the application went to the funder'),
  'POST /api/v1/applications/:id/actions/submit-interim-report': by(YOUTH_OFFICE, 'record the Zwischennachweis as submitted'),
  'POST /api/v1/applications/:id/actions/submit-proof-of-use': by(YOUTH_OFFICE, 'record the Verwendungsnachweis as submitted'),
  'POST /api/v1/applications/:id/actions/record-check': by(union(YOUTH_OFFICE, FINANCE), "record the result of the funder's check of the proof of use"),
  'POST /api/v1/applications/:id/actions/close': by(YOUTH_OFFICE, 'close a checked application'),
  'POST /api/v1/applications/:id/actions/withdraw': by(union(YOUTH_OFFICE, DEPARTMENT_HEAD), 'withdraw the application'),

  // ------------------------------------------------------------ funding records: notice (youth office, finance), money (finance)
  'PUT /api/v1/applications/:id/notice': by(union(YOUTH_OFFICE, FINANCE), 'record the funding notice (Zuwendungsbescheid)'),
  'GET /api/v1/applications/:id/notice': read("an application's funding notice"),
  'POST /api/v1/applications/:id/disbursement-requests': by(FINANCE, 'draft a disbursement request (Mittelabruf)'),
  'GET /api/v1/applications/:id/disbursement-requests': read("an application's disbursement requests"),
  'PATCH /api/v1/disbursement-requests/:id': by(FINANCE, 'change a draft disbursement request'),
  'POST /api/v1/disbursement-requests/:id/send': by(FINANCE, 'send a disbursement request to the funder'),
  'POST /api/v1/disbursement-requests/:id/cancel': by(FINANCE, 'cancel a disbursement request'),
  'POST /api/v1/applications/:id/payments': by(FINANCE, "record the funder's payment"),
  'GET /api/v1/applications/:id/payments': read("an application's payments"),
  'POST /api/v1/applications/:id/receipts': by(union(FINANCE, YOUTH_OFFICE), 'record a receipt (Beleg) for the proof of use'),
  'GET /api/v1/applications/:id/receipts': read("an application's receipts"),
  'GET /api/v1/receipts/:id': read('one receipt'),

  // ------------------------------------------------------------ budget and ledger (finance)
  'GET /api/v1/budget-products': read('list budget products'),
  'POST /api/v1/budget-products': by(FINANCE, 'add a budget product'),
  'GET /api/v1/budget-products/:id': read('one budget product'),
  'PATCH /api/v1/budget-products/:id': by(FINANCE, 'change a budget product'),
  'GET /api/v1/accounts': read('list accounts'),
  'POST /api/v1/accounts': by(FINANCE, 'add an account'),
  'GET /api/v1/accounts/:id': read('one account'),
  'PATCH /api/v1/accounts/:id': by(FINANCE, 'change an account'),
  'GET /api/v1/budget-lines': read('list budget lines'),
  'POST /api/v1/budget-lines': by(FINANCE, 'add a budget line (Haushaltsansatz)'),
  'GET /api/v1/budget-lines/:id': read('one budget line'),
  'GET /api/v1/budget-lines/:id/summary': read("a budget line's plan and actuals"),
  'PATCH /api/v1/budget-lines/:id': by(FINANCE, 'change the plan of a budget line'),
  'GET /api/v1/ledger-entries': read('list ledger entries'),
  'POST /api/v1/ledger-entries': by(FINANCE, 'book a ledger entry'),
  'GET /api/v1/ledger-entries/:id': read('one ledger entry'),
  'POST /api/v1/ledger-entries/:id/reversal': by(FINANCE, 'reverse a ledger entry'),

  // ------------------------------------------------------------ staff positions (youth office, finance)
  'POST /api/v1/positions': by(union(YOUTH_OFFICE, FINANCE), 'create a staff position (Stellenplan)'),
  'GET /api/v1/positions': read('list staff positions'),
  'GET /api/v1/positions/:id': read('one staff position'),
  'GET /api/v1/positions/:id/workflow': read("a staff position's workflow state"),
  'PATCH /api/v1/positions/:id': by(union(YOUTH_OFFICE, FINANCE), 'change a planned staff position'),
  'POST /api/v1/positions/:id/changes': by(union(YOUTH_OFFICE, FINANCE), 'change hours, stage or end of a position'),
  'POST /api/v1/positions/:id/holders': by(union(YOUTH_OFFICE, FINANCE), 'fill or vacate a position'),

  // ------------------------------------------------------------ milestones (youth office)
  'GET /api/v1/milestones': read('list milestones'),
  'GET /api/v1/milestones/:id': read('one milestone'),
  'GET /api/v1/milestones/:id/workflow': read("a milestone's workflow state"),
  'PATCH /api/v1/milestones/:id': by(YOUTH_OFFICE, 'change or reschedule a milestone'),
  'POST /api/v1/milestones/:id/complete': by(YOUTH_OFFICE, 'complete a milestone with evidence'),

  // ------------------------------------------------------------ council papers (council office; the youth office drafts)
  'POST /api/v1/council-papers': by(union(COUNCIL_OFFICE, YOUTH_OFFICE), 'draft a council paper (Vorlage)'),
  'GET /api/v1/council-papers': read('list council papers'),
  'GET /api/v1/council-papers/:id': read('one council paper'),
  'GET /api/v1/council-papers/:id/workflow': read("a council paper's consultation workflow state"),
  'PATCH /api/v1/council-papers/:id': by(union(COUNCIL_OFFICE, YOUTH_OFFICE), 'change a draft council paper'),
  'POST /api/v1/council-papers/:id/release': by(COUNCIL_OFFICE, 'release a council paper for its Beratungsfolge'),
  'PUT /api/v1/council-papers/:id/consultations/:position/outcome': by(COUNCIL_OFFICE, "record a consultation's outcome"),
  'POST /api/v1/council-papers/:id/documents': by(union(COUNCIL_OFFICE, YOUTH_OFFICE), 'generate the council paper PDF'),
  'POST /api/v1/applications/:id/council-paper-draft': by(union(COUNCIL_OFFICE, YOUTH_OFFICE), "draft a council paper from an application's data"),

  // ------------------------------------------------------------ documents, audit, notifications, reminders
  'GET /api/v1/documents': read('list generated documents'),
  'POST /api/v1/applications/:id/documents': by(union(YOUTH_OFFICE, FINANCE), 'generate a document of an application (Förderantrag, Zwischennachweis, Verwendungsnachweis)'),
  'POST /api/v1/disbursement-requests/:id/documents': by(FINANCE, 'generate the Mittelabruf of a disbursement request'),
  'POST /api/v1/programmes/:id/status-report': by(union(YOUTH_OFFICE, COUNCIL_OFFICE), "generate the programme's Sachstandsbericht for a committee"),
  'POST /api/v1/finance-workbooks': by(FINANCE, 'generate the finance workbook of a fiscal year'),
  'GET /api/v1/documents/:id': read("one document's metadata"),
  'GET /api/v1/documents/:id/content': read("download a document's content"),
  'GET /api/v1/audit-events': read('the audit log'),
  'GET /api/v1/notifications': read('my notifications'),
  'POST /api/v1/reminders': by(STAFF, 'set a reminder'),
  'GET /api/v1/reminders/:id': read('one reminder'),
};

/** Routes anyone may call without a login (marked @Public() on their handlers). */
export const PUBLIC_ROUTES: readonly RouteKey[] = ['GET /health', 'GET /health/live', 'GET /health/ready'];

/** `METHOD path` of a request, as the table keys it (HEAD is answered by the GET route). */
export function routeKey(method: string, routePath: string): RouteKey {
  return `${method === 'HEAD' ? 'GET' : method} ${routePath}` as RouteKey;
}

export function permissionOf(method: string, routePath: string): Permission | undefined {
  return (PERMISSIONS as Record<string, Permission>)[routeKey(method, routePath)];
}

const ROLE_NAMES: Record<Role, string> = {
  youth_office: 'youth office',
  department_head: 'department head',
  finance: 'finance',
  council_office: 'council office',
  auditor: 'auditor',
  admin: 'admin',
};

/** docs/PERMISSIONS.md: the table above for people. */
export function renderPermissionsMarkdown(): string {
  const header = `| route | action | ${ROLES.map((r) => ROLE_NAMES[r]).join(' | ')} |`;
  const rule = `| --- | --- | ${ROLES.map(() => ':-:').join(' | ')} |`;
  const rows = Object.entries(PERMISSIONS).map(
    ([key, p]) => `| \`${key}\` | ${p.action} | ${ROLES.map((r) => (p.roles.includes(r) ? '✔' : '')).join(' | ')} |`,
  );
  return [
    '# Permissions',
    '',
    '<!-- generated from apps/api/src/auth/permissions.ts by renderPermissionsMarkdown(); test/security/permission-matrix.int.spec.ts fails when it is out of date -->',
    '',
    'Who may call which endpoint of the api. Every role of an organisation reads all of its data;',
    'writes are granted per action. A route missing from the table is refused for everyone (403).',
    'Another organisation\'s data answers 404, whatever the role.',
    '',
    `Public (no login): ${PUBLIC_ROUTES.map((r) => `\`${r}\``).join(', ')}.`,
    '',
    header,
    rule,
    ...rows,
    '',
  ].join('\n');
}
