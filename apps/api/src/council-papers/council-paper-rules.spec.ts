import {
  consultationProblems,
  ConsultationLine,
  durationText,
  fullTimeEquivalent,
  nextPaperNumber,
  normaliseSections,
  outcomeRefusal,
  paperProblems,
  PAPER_NUMBER,
  paragraphsOf,
  releaseProblems,
  resourcesParagraphs,
} from './council-paper-rules';

const step = (over: Partial<ConsultationLine> = {}): ConsultationLine => ({
  committeeId: 'c1',
  sessionDate: '2026-02-23',
  role: 'preliminary',
  isPublic: true,
  authoritative: false,
  outcome: null,
  ...over,
});

describe('council paper rules', () => {
  it('numbers papers year/running number and accepts only that form', () => {
    expect(nextPaperNumber(2021, 843)).toBe('2021/844');
    expect(nextPaperNumber(2030, 0)).toBe('2030/1');
    for (const ok of ['2021/844', '2020/608', '2026/1']) expect(PAPER_NUMBER.test(ok)).toBe(true);
    for (const bad of ['2021/0844', '21/844', '2021-844', '2021/', '2021/0', '2021/1234567890']) expect(PAPER_NUMBER.test(bad)).toBe(false);
  });

  it('keeps the Beschlussvorschlag on a Beschlussvorlage only', () => {
    expect(normaliseSections('information', { description: ['a'] })).toEqual({ description: ['a'], goals: [], resources: [], conclusion: [] });
    expect(normaliseSections('information', { decisionProposal: [] })).toEqual({ description: [], goals: [], resources: [], conclusion: [] });
    expect(normaliseSections('decision', {})).toEqual({ description: [], goals: [], resources: [], conclusion: [], decisionProposal: [] });
    // kept so that paperProblems can refuse it by its field
    expect(normaliseSections('information', { decisionProposal: ['Der Kreistag beschließt …'] }).decisionProposal).toEqual(['Der Kreistag beschließt …']);
  });

  it('runs the Beratungsfolge in session order with at most one deciding step of role decision', () => {
    expect(consultationProblems([step(), step({ sessionDate: '2026-03-10' }), step({ sessionDate: '2026-03-25', role: 'decision', authoritative: true })])).toEqual([]);
    expect(consultationProblems([step({ sessionDate: '2026-03-10' }), step({ sessionDate: '2026-02-23' })])).toEqual([
      { field: 'consultations.1.sessionDate', reason: 'the Beratungsfolge runs in the order of the sessions: 2026-02-23 is before the session of step 1 (2026-03-10)' },
    ]);
    expect(consultationProblems([step({ role: 'decision', authoritative: true }), step({ role: 'acknowledgement', authoritative: true })])).toEqual([
      { field: 'consultations.1.authoritative', reason: 'only a consultation with the role decision decides' },
      { field: 'consultations.1.authoritative', reason: 'only one consultation decides; step 1 already does' },
    ]);
  });

  it('refuses a Beschlussvorschlag on an Informationsvorlage, a reference to itself, costs without the budget answer and a lead that participates', () => {
    const paper = {
      number: '2021/844',
      paperType: 'information' as const,
      sections: { description: [], goals: [], resources: [], conclusion: [], decisionProposal: ['x'] },
      relatedPaperNumbers: ['2020/608', '2021/844'],
      costCents: 5_670_000,
      costsInBudget: null,
      leadDepartmentId: 'd1',
      participatingDepartmentIds: ['d2', 'd1'],
      consultations: [],
    };
    expect(paperProblems(paper)).toEqual([
      { field: 'sections.decisionProposal', reason: 'an Informationsvorlage has no Beschlussvorschlag' },
      { field: 'relatedPaperNumbers.1', reason: 'a paper cannot refer to itself (2021/844)' },
      { field: 'costsInBudget', reason: 'say whether the costs (56.700,00 €) are in the budget (true or false)' },
      { field: 'participatingDepartmentIds.1', reason: 'the lead department leads (federführend); it is not also participating' },
    ]);
  });

  it('releases only a complete paper: every section, a Beratungsfolge, and for a Beschlussvorlage a proposal and a deciding body', () => {
    const complete = { description: ['a'], goals: ['b'], resources: ['c'], conclusion: ['entfällt.'] };
    expect(releaseProblems({ paperType: 'information', title: 'T', sections: complete, consultations: [step()] })).toEqual([]);
    expect(releaseProblems({ paperType: 'information', title: ' ', sections: { ...complete, goals: ['  '] }, consultations: [] }).map((p) => p.field)).toEqual([
      'title',
      'sections.goals',
      'consultations',
    ]);
    expect(releaseProblems({ paperType: 'decision', title: 'T', sections: complete, consultations: [step()] })).toEqual([
      { field: 'sections.decisionProposal', reason: 'the Beschlussvorschlag is empty: write at least one paragraph (e.g. "entfällt.")' },
      { field: 'consultations', reason: 'a Beschlussvorlage needs the consultation that decides (authoritative, role decision)' },
    ]);
  });

  it('records outcomes in order and not before the session', () => {
    const steps = [step({ sessionDate: '2026-02-23' }), step({ sessionDate: '2026-03-10' })];
    expect(outcomeRefusal(steps, 1, '2026-02-23')).toBeUndefined();
    expect(outcomeRefusal(steps, 1, '2026-02-22')).toBe('the session of step 1 is on 2026-02-23; its outcome can be recorded from that day');
    expect(outcomeRefusal(steps, 2, '2026-12-31')).toBe('the Beratungsfolge runs in order: step 1 has no outcome yet');
    expect(outcomeRefusal([{ ...steps[0]!, outcome: 'vorberaten' }, steps[1]!], 2, '2026-03-10')).toBeUndefined();
  });

  describe('draft from an application', () => {
    it('computes the full-time equivalent exactly, half up', () => {
      expect(fullTimeEquivalent('39.00', '39.00')).toBe('1.00');
      expect(fullTimeEquivalent('19.50', '39.00')).toBe('0.50');
      expect(fullTimeEquivalent('30.00', '39.00')).toBe('0.77');
      expect(fullTimeEquivalent('13.00', '39.00')).toBe('0.33');
      expect(fullTimeEquivalent('26.00', '39.00')).toBe('0.67');
    });

    it('names durations in whole months or years (BGB periods)', () => {
      expect(durationText('2025-01-01', '2027-12-31')).toBe('3 Jahren');
      expect(durationText('2025-01-01', '2025-12-31')).toBe('1 Jahr');
      expect(durationText('2025-01-01', '2027-03-31')).toBe('27 Monaten');
      expect(durationText('2025-01-15', '2025-02-14')).toBe('1 Monat');
      expect(durationText('2025-01-01', '2025-02-14')).toBeUndefined();
    });

    it('writes the Ressourceneinsatz: positions, budget products and the cost of the plan in force', () => {
      const plan = { revisionNo: 2, costCents: 5_670_000, funderCents: 2_835_000, ownCents: 2_835_000, thirdPartyCents: 0 };
      expect(
        resourcesParagraphs(
          [
            { title: 'Netzwerkkoordinator/in', payGroup: 'S 12', weeklyHours: '39.00', fullTimeHours: '39.00', startOn: '2025-01-01', endOn: '2027-12-31', productNumber: '3636', productName: 'übrige Hilfen' },
            { title: 'Verwaltungskraft', payGroup: 'E 6', weeklyHours: '19.50', fullTimeHours: '39.00', startOn: '2025-02-01', endOn: null, productNumber: '3636', productName: 'übrige Hilfen' },
            { title: 'Evaluation', payGroup: 'E 13', weeklyHours: '10.00', fullTimeHours: '39.00', startOn: '2025-01-01', endOn: '2025-02-14', productNumber: '3637', productName: 'Jugendarbeit' },
          ],
          plan,
        ),
      ).toEqual([
        'Für das Vorhaben ist die Stelle „Netzwerkkoordinator/in“ vorgesehen: eine Vollzeitstelle (1,00 VZÄ, 39 von 39 Wochenstunden, S 12) für die Dauer von 3 Jahren (01.01.2025 bis 31.12.2027).',
        'Für das Vorhaben ist die Stelle „Verwaltungskraft“ vorgesehen: eine Teilzeitstelle (0,50 VZÄ, 19,5 von 39 Wochenstunden, E 6) unbefristet ab 01.02.2025.',
        'Für das Vorhaben ist die Stelle „Evaluation“ vorgesehen: eine Teilzeitstelle (0,26 VZÄ, 10 von 39 Wochenstunden, E 13) vom 01.01.2025 bis 14.02.2025.',
        'Die entsprechenden Personalaufwendungen und Erstattungen sind im Haushalt in den Produkten 3636 – übrige Hilfen – und 3637 – Jugendarbeit – ausgewiesen.',
        'Der Kostenplan des Förderantrags (Revision 2) weist Kosten von 56.700,00 € aus, finanziert durch Zuwendung 28.350,00 € und Eigenanteil 28.350,00 €.',
      ]);
      expect(resourcesParagraphs([], { ...plan, funderCents: 0, ownCents: 0 })).toEqual([
        'Für das Vorhaben sind keine Stellen vorgesehen.',
        'Der Kostenplan des Förderantrags (Revision 2) weist Kosten von 56.700,00 € aus.',
      ]);
    });

    it('splits a description into paragraphs at blank lines', () => {
      expect(paragraphsOf('Erster Absatz\nmit Umbruch.\n\n  \n\nZweiter Absatz.\n')).toEqual(['Erster Absatz\nmit Umbruch.', 'Zweiter Absatz.']);
      expect(paragraphsOf('')).toEqual([]);
    });
  });
});
