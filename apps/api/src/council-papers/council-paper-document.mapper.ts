import type { ConsultationRole as StoredRole } from '@app/database';
import type { ConsultationRole, CouncilPaperDocument } from '@app/documents';
import type { PaperRecord } from './council-papers.repository';

/*
 * A stored paper as the PDF builder takes it (CouncilPaperDocument): types and roles in German,
 * department and committee names instead of ids, the organisation as the issuing body.
 */

const ROLES: Record<StoredRole, ConsultationRole> = {
  acknowledgement: 'Kenntnisnahme',
  preliminary: 'Vorberatung',
  decision: 'Entscheidung',
};

/** `Vorlage-2021-844-v1.pdf` */
export function councilPaperFileName(number: string, version: number): string {
  return `Vorlage-${number.replace('/', '-')}-v${version}.pdf`;
}

export function toCouncilPaperDocument(paper: PaperRecord, organisationName: string): CouncilPaperDocument {
  const s = paper.sections;
  return {
    organisationName,
    paperType: paper.paperType === 'decision' ? 'Beschlussvorlage' : 'Informationsvorlage',
    reference: paper.number,
    isPublic: paper.isPublic,
    date: paper.paperDate,
    leadDepartment: paper.leadDepartmentName,
    participatingDepartments: paper.participatingDepartments.map((d) => d.name),
    consultations: paper.consultations.map((c) => ({
      committee: c.committeeName,
      sessionDate: c.sessionDate,
      role: ROLES[c.role],
      isPublic: c.isPublic,
    })),
    costs: {
      includedInBudget: paper.costsInBudget ?? false,
      amountCents: paper.costCents,
      districtAdministratorInvolved: paper.countyExecutiveInvolved,
      qualifiedMajorityRequired: paper.qualifiedMajority,
    },
    relevance: {
      genderMainstreaming: paper.relevanceGenderMainstreaming,
      migration: paper.relevanceMigration,
      preventionSustainability: paper.relevancePreventionSustainability,
      education: paper.relevanceEducation,
      climateEnvironmentNature: paper.relevanceClimate,
    },
    title: paper.title,
    sections: {
      description: s.description ?? [],
      goalsAndEffects: s.goals ?? [],
      resources: s.resources ?? [],
      conclusion: s.conclusion ?? [],
      ...(paper.paperType === 'decision' ? { resolutionProposal: s.decisionProposal ?? [] } : {}),
    },
    relatedPapers: paper.relatedPaperNumbers.map((reference) => ({ reference })),
    attachments: paper.attachments.map((a) => ({ name: a.title })),
  };
}
