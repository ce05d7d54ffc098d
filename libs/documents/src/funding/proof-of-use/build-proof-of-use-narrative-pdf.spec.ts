import {
  buildProofOfUseNarrativePdf,
  PEINE_PROOF_OF_USE_NARRATIVE,
  type ProofOfUseNarrativeDocument,
} from '@app/documents';
import { expectArchival, rejectedFields, expectInOrder, expectTexts, readBack, type ReadBack } from '../fixtures/read-back.test';

const data = PEINE_PROOF_OF_USE_NARRATIVE;
const date = (iso: string) => iso.split('-').reverse().join('.');

describe('buildProofOfUseNarrativePdf', () => {
  let doc: ReadBack;
  beforeAll(async () => {
    doc = await readBack(await buildProofOfUseNarrativePdf(data, { creationDate: new Date('2024-10-15T08:00:00Z') }));
  });

  it('is an archival PDF with numbered pages', async () => {
    expect(doc.pages.length).toBeGreaterThanOrEqual(2);
    expect(doc.pages.length).toBeLessThanOrEqual(3);
    await expectArchival(doc, {
      title: `Verwendungsnachweis – Teil 1: Sachbericht – ${data.projectTitle} – Landkreis Peine`,
      running: 'Landkreis Peine · Verwendungsnachweis · Teil 1: Sachbericht',
      footer: 'Verwendungsnachweis · Aktenzeichen PKN-2021-017',
    });
  });

  it('shows the grant and the deadline: six months after the period, moved off the Saturday', () => {
    expectTexts(doc, [
      'Datum: 15.10.2024',
      'Ihr Aktenzeichen: PKN-2021-017',
      'Verwendungsnachweis Teil 1: Sachbericht',
      'Bewilligung: Fördervertrag vom 20.05.2021, Aktenzeichen PKN-2021-017',
      'Bewilligungszeitraum: 01.06.2021 – 31.05.2024',
      'Bewilligte Zuwendung: 97.767,38 €',
      'Vorzulegen bis: 30.11.2024 (Fristende: 02.12.2024)',
    ]);
  });

  it('shows every section of the Sachbericht in order', () => {
    expectInOrder(doc, ['2. Sachbericht', ...data.sections.flatMap((s) => [s.heading, ...s.paragraphs]), '3. Meilensteine']);
  });

  it('lists every milestone with its due date, when it was reached and the evidence', () => {
    expectTexts(doc, ['Meilenstein fällig am Stand Nachweis', '8 von 8 Meilensteinen erreicht, davon 3 nach dem geplanten Termin.']);
    for (const m of data.milestones) {
      const late = m.doneOn! > m.due ? ' (verspätet)' : '';
      expectTexts(doc, [`${m.title} ${date(m.due)} erreicht am ${date(m.doneOn!)}${late} ${m.evidence}`]);
    }
    expectTexts(doc, ['Familienzentrum Vechelde eröffnet 30.06.2023 erreicht am 02.10.2023 (verspätet)']);
    expectInOrder(doc, ['Thomas Brandes', 'Fachdienstleitung Jugendamt']);
  });
});

describe('buildProofOfUseNarrativePdf when the purpose was fulfilled early', () => {
  it('is due six months after fulfilment, and shows open milestones as not reached', async () => {
    const early: ProofOfUseNarrativeDocument = {
      ...data,
      purposeFulfilledOn: '2024-03-31',
      milestones: [...data.milestones.slice(0, 7), { title: 'Abschlussbericht im Kreistag', due: '2024-05-31' }],
      signatory: { ...data.signatory, date: '2024-09-10' },
    };
    const doc = await readBack(await buildProofOfUseNarrativePdf(early));
    expectTexts(doc, [
      'Zweck erfüllt am: 31.03.2024',
      // min(30.11.2024, 31.03.2024 + 6 months = 30.09.2024), a Monday.
      'Vorzulegen bis: 30.09.2024',
      '7 von 8 Meilensteinen erreicht',
      'Abschlussbericht im Kreistag 31.05.2024 überfällig –',
    ]);
    expect(doc.text).not.toContain('Fristende');
  });
});

describe('validateProofOfUseNarrativeDocument', () => {
  it('names a reached milestone without evidence and a fulfilment date outside the period', async () => {
    const bad: ProofOfUseNarrativeDocument = {
      ...data,
      purposeFulfilledOn: '2024-06-30',
      milestones: data.milestones.map((m, i) => (i === 2 ? { ...m, evidence: undefined } : m)),
    };
    expect(await rejectedFields(buildProofOfUseNarrativePdf(bad), 'proof-of-use-narrative')).toEqual(['purposeFulfilledOn', 'milestones[2].evidence']);
    await expect(buildProofOfUseNarrativePdf(bad)).rejects.toThrow('purposeFulfilledOn: 2024-06-30 is outside the Bewilligungszeitraum 2021-06-01..2024-05-31');
  });
});
