import { parseIsoDate } from '@app/calendar';
import type { FieldProblem } from '@app/common';
import type { ConsultationRole, PaperStatus, PaperType } from '@app/database';
import { formatDate, formatList } from '@app/documents';
import { formatEuro } from '@app/money';
import { lastDayOfPeriod } from '../applications/application-rules';

/*
 * The rules of a Vorlage that single fields cannot check. Pure functions: the service calls them
 * with the data at hand and turns the problems into one 400 (or 409 for the release) naming every
 * field.
 */

/** Vorlagennummer: year / running number, e.g. 2021/844 (the running number without leading zeros). */
export const PAPER_NUMBER = /^[0-9]{4}\/[1-9][0-9]{0,8}$/;

export const MAX_CONSULTATIONS = 50;

/** Only a draft is changed in place; a released paper is changed by a new paper. */
export const EDITABLE_STATUSES: readonly PaperStatus[] = ['draft'];

export interface Sections {
  description: string[];
  goals: string[];
  resources: string[];
  conclusion: string[];
  decisionProposal?: string[];
}

export interface ConsultationLine {
  committeeId: string;
  sessionDate: string;
  role: ConsultationRole;
  isPublic: boolean;
  authoritative: boolean;
  outcome: string | null;
}

/** The next number of a year's sequence: 2021 and the highest running number so far (0: none). */
export function nextPaperNumber(year: number, highest: number): string {
  return `${year}/${highest + 1}`;
}

/** The year a paper date allocates its number in. */
export function numberYear(paperDate: string): number {
  return parseIsoDate(paperDate).year;
}

/**
 * Sections as stored: the four parts of the Sachdarstellung always, the Beschlussvorschlag on a
 * Beschlussvorlage only (an empty one on an Informationsvorlage is dropped).
 */
export function normaliseSections(paperType: PaperType, given: Partial<Sections>): Sections {
  const sections: Sections = {
    description: given.description ?? [],
    goals: given.goals ?? [],
    resources: given.resources ?? [],
    conclusion: given.conclusion ?? [],
  };
  if (paperType === 'decision' || given.decisionProposal?.length) sections.decisionProposal = given.decisionProposal ?? [];
  return sections;
}

/** What a paper must hold whatever its status. */
export function paperProblems(p: {
  number: string;
  paperType: PaperType;
  sections: Sections;
  relatedPaperNumbers: readonly string[];
  costCents: number | null;
  costsInBudget: boolean | null;
  leadDepartmentId: string;
  participatingDepartmentIds: readonly string[];
  consultations: readonly ConsultationLine[];
}): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (p.paperType === 'information' && p.sections.decisionProposal?.length) {
    problems.push({ field: 'sections.decisionProposal', reason: 'an Informationsvorlage has no Beschlussvorschlag' });
  }
  const own = p.relatedPaperNumbers.indexOf(p.number);
  if (own >= 0) problems.push({ field: `relatedPaperNumbers.${own}`, reason: `a paper cannot refer to itself (${p.number})` });
  if (p.costCents !== null && p.costsInBudget === null) {
    problems.push({ field: 'costsInBudget', reason: `say whether the costs (${formatEuro(p.costCents)}) are in the budget (true or false)` });
  }
  const lead = p.participatingDepartmentIds.indexOf(p.leadDepartmentId);
  if (lead >= 0) problems.push({ field: `participatingDepartmentIds.${lead}`, reason: 'the lead department leads (federführend); it is not also participating' });
  problems.push(...consultationProblems(p.consultations));
  return problems;
}

/** The Beratungsfolge: in the order of the sessions, at most one consultation decides, and it has the role decision. */
export function consultationProblems(consultations: readonly ConsultationLine[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  let firstAuthoritative: number | undefined;
  consultations.forEach((c, i) => {
    const previous = consultations[i - 1];
    if (previous && c.sessionDate < previous.sessionDate) {
      problems.push({
        field: `consultations.${i}.sessionDate`,
        reason: `the Beratungsfolge runs in the order of the sessions: ${c.sessionDate} is before the session of step ${i} (${previous.sessionDate})`,
      });
    }
    if (c.authoritative) {
      if (c.role !== 'decision') problems.push({ field: `consultations.${i}.authoritative`, reason: 'only a consultation with the role decision decides' });
      if (firstAuthoritative !== undefined) {
        problems.push({ field: `consultations.${i}.authoritative`, reason: `only one consultation decides; step ${firstAuthoritative + 1} already does` });
      } else {
        firstAuthoritative = i;
      }
    }
  });
  return problems;
}

/** What a paper must hold to be released: every part of the Sachdarstellung, a Beratungsfolge, and for a Beschlussvorlage a proposal and a deciding body. */
export function releaseProblems(p: { paperType: PaperType; title: string; sections: Sections; consultations: readonly ConsultationLine[] }): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!p.title.trim()) problems.push({ field: 'title', reason: 'a released paper has a title' });
  const parts: Array<[keyof Sections, string]> = [
    ['description', 'Inhaltsbeschreibung'],
    ['goals', 'Ziele / Wirkungen'],
    ['resources', 'Ressourceneinsatz'],
    ['conclusion', 'Schlussfolgerung'],
  ];
  if (p.paperType === 'decision') parts.push(['decisionProposal', 'Beschlussvorschlag']);
  for (const [key, name] of parts) {
    if (!(p.sections[key] ?? []).some((paragraph) => paragraph.trim())) {
      problems.push({ field: `sections.${key}`, reason: `the ${name} is empty: write at least one paragraph (e.g. "entfällt.")` });
    }
  }
  if (p.consultations.length === 0) problems.push({ field: 'consultations', reason: 'a released paper has a Beratungsfolge: name at least one committee' });
  if (p.paperType === 'decision' && p.consultations.length && !p.consultations.some((c) => c.authoritative)) {
    problems.push({ field: 'consultations', reason: 'a Beschlussvorlage needs the consultation that decides (authoritative, role decision)' });
  }
  return problems;
}

/**
 * An outcome is recorded in the order of the Beratungsfolge and not before the session:
 * undefined when it may be recorded, otherwise why not.
 */
export function outcomeRefusal(consultations: readonly ConsultationLine[], position: number, today: string): string | undefined {
  const target = consultations[position - 1];
  if (!target) return undefined;
  const open = consultations.slice(0, position - 1).findIndex((c) => c.outcome === null);
  if (open >= 0) return `the Beratungsfolge runs in order: step ${open + 1} has no outcome yet`;
  if (target.sessionDate > today) return `the session of step ${position} is on ${target.sessionDate}; its outcome can be recorded from that day`;
  return undefined;
}

// ------------------------------------------------------------------------------------------------ draft from an application

export interface DraftPosition {
  title: string;
  payGroup: string;
  weeklyHours: string;
  fullTimeHours: string;
  startOn: string;
  endOn: string | null;
  productNumber: string | null;
  productName: string | null;
}

export interface DraftPlan {
  revisionNo: number;
  costCents: number;
  funderCents: number;
  ownCents: number;
  thirdPartyCents: number;
}

/** "39.00" → "39", "19.50" → "19,5". */
function germanDecimal(value: string, minFractionDigits = 0): string {
  const [whole, fraction = ''] = value.split('.');
  const trimmed = fraction.replace(/0+$/, '').padEnd(minFractionDigits, '0');
  return trimmed ? `${whole},${trimmed}` : whole!;
}

/** Full-time equivalent to two decimals from exact decimal hours (numeric strings), half up. */
export function fullTimeEquivalent(weeklyHours: string, fullTimeHours: string): string {
  const scale = (v: string) => {
    const [whole, fraction = ''] = v.split('.');
    return BigInt(whole! + fraction.padEnd(4, '0').slice(0, 4));
  };
  const hundredths = (scale(weeklyHours) * 200n + scale(fullTimeHours)) / (2n * scale(fullTimeHours));
  return `${hundredths / 100n}.${String(hundredths % 100n).padStart(2, '0')}`;
}

/** The length of a position as German text: "3 Jahren", "27 Monaten", or undefined when it is not whole months. */
export function durationText(startOn: string, endOn: string): string | undefined {
  for (let months = 1; months <= 1200; months++) {
    const end = lastDayOfPeriod(startOn, months);
    if (end === endOn) {
      if (months % 12 === 0) return months === 12 ? '1 Jahr' : `${months / 12} Jahren`;
      return months === 1 ? '1 Monat' : `${months} Monaten`;
    }
    if (end > endOn) return undefined;
  }
  return undefined;
}

function positionParagraph(p: DraftPosition): string {
  const fte = fullTimeEquivalent(p.weeklyHours, p.fullTimeHours);
  const kind = fte === '1.00' ? 'eine Vollzeitstelle' : 'eine Teilzeitstelle';
  const hours = `${germanDecimal(p.weeklyHours)} von ${germanDecimal(p.fullTimeHours)} Wochenstunden`;
  let period: string;
  if (p.endOn === null) {
    period = `unbefristet ab ${formatDate(p.startOn)}`;
  } else {
    const duration = durationText(p.startOn, p.endOn);
    const range = `${formatDate(p.startOn)} bis ${formatDate(p.endOn)}`;
    period = duration ? `für die Dauer von ${duration} (${range})` : `vom ${range}`;
  }
  return `Für das Vorhaben ist die Stelle „${p.title}“ vorgesehen: ${kind} (${germanDecimal(fte, 2)} VZÄ, ${hours}, ${p.payGroup}) ${period}.`;
}

/** The Ressourceneinsatz of a draft: the positions (title, FTE, duration), their budget products, and the cost of the plan in force. */
export function resourcesParagraphs(positions: readonly DraftPosition[], plan: DraftPlan): string[] {
  const paragraphs: string[] = [];
  if (positions.length === 0) {
    paragraphs.push('Für das Vorhaben sind keine Stellen vorgesehen.');
  } else {
    paragraphs.push(...positions.map(positionParagraph));
    const products = [...new Set(positions.filter((p) => p.productNumber !== null).map((p) => `${p.productNumber} – ${p.productName} –`))];
    if (products.length === 0) {
      paragraphs.push('Ein Produkt des Haushalts ist den Stellen noch nicht zugeordnet.');
    } else {
      const where = products.length === 1 ? `im Produkt ${products[0]}` : `in den Produkten ${formatList(products)}`;
      paragraphs.push(`Die entsprechenden Personalaufwendungen und Erstattungen sind im Haushalt ${where} ausgewiesen.`);
    }
  }
  const shares: string[] = [];
  if (plan.funderCents) shares.push(`Zuwendung ${formatEuro(plan.funderCents)}`);
  if (plan.ownCents) shares.push(`Eigenanteil ${formatEuro(plan.ownCents)}`);
  if (plan.thirdPartyCents) shares.push(`Drittmittel ${formatEuro(plan.thirdPartyCents)}`);
  paragraphs.push(
    `Der Kostenplan des Förderantrags (Revision ${plan.revisionNo}) weist Kosten von ${formatEuro(plan.costCents)} aus${shares.length ? `, finanziert durch ${formatList(shares)}` : ''}.`,
  );
  return paragraphs;
}

/** A description as paragraphs: blank lines separate them. */
export function paragraphsOf(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}
