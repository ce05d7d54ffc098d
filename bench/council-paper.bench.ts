/**
 * Benchmark of the council-paper PDF builder (pdfkit, buildCouncilPaperPdf) against headless
 * Chromium printing the same paper from HTML (templates/council-paper/html.ts), per document:
 *   ours            buildCouncilPaperPdf in this process, warm (fonts parsed once)
 *   chromium warm   one browser, one page reused: page.setContent(html) + page.pdf({ format: 'A4' })
 *   chromium cold   a new browser process per document: launch, new page, setContent, pdf, close
 * The two warm contenders alternate, iteration by iteration, so that load from other processes
 * on the machine falls on both alike. Then pages and sizes of each output, and veraPDF's verdict
 * (PDF/A-2b, PDF/UA-1) on one output of each.
 * Target: ours takes at most the warm browser's time (medians).
 *
 *   npm run bench -- council-paper [--iterations 30] [--warmup 5] [--cold 5] [--no-verapdf] [--keep DIR]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Page } from 'playwright-core';
import { buildCouncilPaperPdf, longCouncilPaper, VORLAGE_2021_844, type CouncilPaperDocument } from '@app/documents';
import { renderCouncilPaperHtml } from '../templates/council-paper/html';
import { extractPageTexts, normalizePdfText } from '../test/support/pdf-text';
import { validatePdfs, type PdfValidation } from '../test/support/verapdf';
import { ensureChromium, launchChromium, repositoryRoot } from './support/chromium';
import { summarize, timed, type Summary } from './support/stats';

interface BenchDocument {
  key: string;
  label: string;
  data: CouncilPaperDocument;
}

const DOCUMENTS: readonly BenchDocument[] = [
  { key: '2021-844', label: 'Vorlage 2021/844 (Informationsvorlage, real)', data: VORLAGE_2021_844 },
  { key: 'long-70', label: 'longCouncilPaper(): Beschlussvorlage, 70 Beratungen', data: longCouncilPaper() },
];

const CREATION_DATE = new Date('2026-11-25T09:00:00Z');

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} needs a positive integer`);
  return value;
}
const flag = (name: string): boolean => process.argv.includes(name);
const stringOption = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

const ours = (data: CouncilPaperDocument): Promise<Buffer> => buildCouncilPaperPdf(data, { creationDate: CREATION_DATE });

/** Chromium's path: the HTML is rendered on every call too (it is part of the work, and tiny). */
async function chromiumPdf(page: Page, data: CouncilPaperDocument, split?: { setContent: number[]; pdf: number[] }, tagged = false): Promise<Buffer> {
  const html = renderCouncilPaperHtml(data);
  const load = await timed(() => page.setContent(html, { waitUntil: 'load' }));
  const print = await timed(() => page.pdf({ format: 'A4', ...(tagged ? { tagged: true } : {}) }));
  split?.setContent.push(load.ms);
  split?.pdf.push(print.ms);
  return print.value;
}

interface Outputs {
  ours: Buffer;
  warm: Buffer;
}

interface DocumentResult {
  doc: BenchDocument;
  ours: Summary;
  warm: Summary;
  cold: Summary;
  warmSetContent: Summary;
  warmPdf: Summary;
  coldLaunch: Summary;
  outputs: Outputs;
}

// ------------------------------------------------------------------------------------------
// facts about the outputs

/** Base font names embedded in a PDF (font dictionaries are not compressed by pdfkit or Skia). */
function embeddedFonts(pdf: Buffer): string[] {
  const names = new Set<string>();
  for (const m of pdf.toString('latin1').matchAll(/\/BaseFont\s*\/(?:[A-Z]{6}\+)?([^\s/\]>]+)/g)) names.add(m[1]!);
  return [...names].sort();
}

const isTagged = (pdf: Buffer): boolean => pdf.includes('/StructTreeRoot');

/** The paper's paragraphs, title and field values: how many of them does the PDF's text contain? */
async function textCoverage(pdf: Buffer, data: CouncilPaperDocument): Promise<{ found: number; total: number; missing: string[] }> {
  const text = normalizePdfText((await extractPageTexts(pdf)).join('\n'));
  const probe = (s: string): string => normalizePdfText(s).slice(0, 40);
  const expected = [
    data.title,
    data.leadDepartment,
    ...data.consultations.map((c) => c.committee),
    ...Object.values(data.sections).flatMap((paragraphs: readonly string[] | undefined) => paragraphs ?? []),
    ...data.attachments.map((a) => a.name),
  ].map(probe);
  const missing = expected.filter((s) => !text.includes(s));
  return { found: expected.length - missing.length, total: expected.length, missing };
}

const pageCount = async (pdf: Buffer): Promise<number> => (await extractPageTexts(pdf)).length;

// ------------------------------------------------------------------------------------------
// veraPDF from dist-bench

function ensureVeraPdf(root: string): void {
  execFileSync('bash', [join(root, 'scripts', 'tools', 'verapdf.sh')], { stdio: ['ignore', 'inherit', 'inherit'] });
}

function describeVerdicts(v: PdfValidation): string {
  return v.verdicts.map((p) => `${p.profile === '2b' ? 'PDF/A-2b' : p.profile === 'ua1' ? 'PDF/UA-1' : p.profile} ${p.compliant ? 'PASS' : 'FAIL'}`).join(', ');
}

// ------------------------------------------------------------------------------------------

const ms = (value: number): string => value.toFixed(1);
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

async function main(): Promise<void> {
  const iterations = option('--iterations', 30);
  const warmup = option('--warmup', 5);
  const coldRuns = option('--cold', 5);
  const keep = stringOption('--keep');
  const root = repositoryRoot();

  ensureChromium();

  // Ours, the very first call of the process: parses the three TTFs.
  const first = await timed(() => ours(DOCUMENTS[0]!.data));

  const launch = await timed(() => launchChromium());
  const browser = launch.value;
  const page = browser.context.pages()[0] ?? (await browser.context.newPage());
  const version = browser.context.browser()?.version() ?? 'unknown';

  console.log(
    `node ${process.version}, Chromium ${version}, playwright-core; ${cpus().length} CPUs, ` +
      `load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`,
  );
  console.log(
    `warm: ${warmup} warm-up + ${iterations} timed iterations per document, ours and Chromium alternating; ` +
      `cold: ${coldRuns} browser launches per document; p95 interpolated between neighbours`,
  );
  console.log(`ours, first call of the process (font parsing included): ${ms(first.ms)} ms; first browser launch: ${ms(launch.ms)} ms`);

  const results: DocumentResult[] = [];
  try {
    for (const doc of DOCUMENTS) {
      let lastOurs = first.value;
      let lastWarm: Buffer = Buffer.alloc(0);
      for (let i = 0; i < warmup; i++) {
        lastOurs = await ours(doc.data);
        lastWarm = await chromiumPdf(page, doc.data);
      }
      const oursMs: number[] = [];
      const warmMs: number[] = [];
      const split = { setContent: [] as number[], pdf: [] as number[] };
      for (let i = 0; i < iterations; i++) {
        const runOurs = async (): Promise<void> => {
          const r = await timed(() => ours(doc.data));
          oursMs.push(r.ms);
          lastOurs = r.value;
        };
        const runWarm = async (): Promise<void> => {
          const r = await timed(() => chromiumPdf(page, doc.data, split));
          warmMs.push(r.ms);
          lastWarm = r.value;
        };
        if (i % 2 === 0) {
          await runOurs();
          await runWarm();
        } else {
          await runWarm();
          await runOurs();
        }
      }
      results.push({
        doc,
        ours: summarize(oursMs),
        warm: summarize(warmMs),
        cold: summarize([0]),
        warmSetContent: summarize(split.setContent),
        warmPdf: summarize(split.pdf),
        coldLaunch: summarize([0]),
        outputs: { ours: lastOurs, warm: lastWarm },
      });
    }
  } finally {
    await browser.close();
    await browser.dispose();
  }

  // Cold: a browser process per document, with a fresh user-data dir each time. Timed from
  // the launch to the end of the process; removing the user-data dir afterwards is not timed.
  for (const result of results) {
    const total: number[] = [];
    const launchMs: number[] = [];
    for (let i = 0; i < coldRuns; i++) {
      const started = performance.now();
      const launched = await timed(() => launchChromium());
      launchMs.push(launched.ms);
      const cold = launched.value;
      try {
        const coldPage = cold.context.pages()[0] ?? (await cold.context.newPage());
        await chromiumPdf(coldPage, result.doc.data);
      } finally {
        await cold.close();
        total.push(performance.now() - started);
        await cold.dispose();
      }
    }
    result.cold = summarize(total);
    result.coldLaunch = summarize(launchMs);
  }

  // ---- table
  console.log('');
  console.log('document                                             contender        median ms   p95 ms   pages  size');
  for (const r of results) {
    const pagesOurs = await pageCount(r.outputs.ours);
    const pagesWarm = await pageCount(r.outputs.warm);
    const rows: [string, Summary, number, number][] = [
      ['ours (pdfkit)', r.ours, pagesOurs, r.outputs.ours.length],
      ['chromium warm', r.warm, pagesWarm, r.outputs.warm.length],
      ['chromium cold', r.cold, pagesWarm, r.outputs.warm.length],
    ];
    rows.forEach(([name, s, pages, size], i) => {
      console.log(
        `${(i === 0 ? r.doc.label : '').padEnd(52)} ${name.padEnd(15)} ${ms(s.median).padStart(10)} ${ms(s.p95).padStart(8)} ` +
          `${String(pages).padStart(6)}  ${kb(size)}`,
      );
    });
  }

  console.log('');
  let holds = true;
  for (const r of results) {
    const ratio = r.ours.median / r.warm.median;
    const ratioP95 = r.ours.p95 / r.warm.p95;
    holds &&= ratio <= 1;
    console.log(
      `${r.doc.key}: ours/warm-Chromium = ${ratio.toFixed(3)} (median), ${ratioP95.toFixed(3)} (p95); ` +
        `ours/cold = ${(r.ours.median / r.cold.median).toFixed(4)}`,
    );
    console.log(
      `  chromium warm split (median): setContent ${ms(r.warmSetContent.median)} ms + pdf ${ms(r.warmPdf.median)} ms; ` +
        `cold: launch ${ms(r.coldLaunch.median)} ms of ${ms(r.cold.median)} ms`,
    );
    const [covOurs, covWarm] = [await textCoverage(r.outputs.ours, r.doc.data), await textCoverage(r.outputs.warm, r.doc.data)];
    console.log(
      `  same content: ours ${covOurs.found}/${covOurs.total}, chromium ${covWarm.found}/${covWarm.total} text probes found` +
        (covWarm.missing.length ? ` (chromium misses: ${covWarm.missing.slice(0, 3).join(' | ')})` : ''),
    );
    console.log(
      `  fonts: ours [${embeddedFonts(r.outputs.ours).join(', ')}], chromium [${embeddedFonts(r.outputs.warm).join(', ')}]; ` +
        `tagged: ours ${isTagged(r.outputs.ours) ? 'yes' : 'no'}, chromium ${isTagged(r.outputs.warm) ? 'yes' : 'no'}`,
    );
  }
  console.log(`target "ours at most the warm browser's time" (median, every document): ${holds ? 'HOLDS' : 'MISSED'}`);

  // ---- veraPDF
  const sample = results[0]!;
  if (keep) {
    mkdirSync(keep, { recursive: true });
    for (const r of results) {
      writeFileSync(join(keep, `${r.doc.key}-ours.pdf`), r.outputs.ours);
      writeFileSync(join(keep, `${r.doc.key}-chromium.pdf`), r.outputs.warm);
      writeFileSync(join(keep, `${r.doc.key}.html`), renderCouncilPaperHtml(r.doc.data));
    }
    console.log(`outputs kept in ${resolve(keep)}`);
  }
  if (flag('--no-verapdf')) return;
  // Chromium once more with tagged: true, so that the PDF/UA verdict is not just "untagged".
  const tagged = await launchChromium();
  let taggedPdf: Buffer;
  try {
    const p = tagged.context.pages()[0] ?? (await tagged.context.newPage());
    taggedPdf = await chromiumPdf(p, sample.doc.data, undefined, true);
  } finally {
    await tagged.close();
    await tagged.dispose();
  }
  ensureVeraPdf(root);
  const validations = await validatePdfs(
    [
      { name: `ours ${sample.doc.key}`, pdf: sample.outputs.ours },
      { name: `chromium ${sample.doc.key}`, pdf: sample.outputs.warm },
      { name: `chromium-tagged ${sample.doc.key}`, pdf: taggedPdf },
    ],
    ['2b', 'ua1'],
  );
  console.log('');
  const labels = ['ours', "chromium page.pdf({ format: 'A4' })", "chromium page.pdf({ format: 'A4', tagged: true })"];
  validations.forEach((v, i) => {
    console.log(`veraPDF ${sample.doc.key}, ${labels[i]}: ${describeVerdicts(v)}`);
    for (const failure of v.failures.slice(0, 4)) console.log(`    ${failure.length > 160 ? `${failure.slice(0, 157)}...` : failure}`);
    if (v.failures.length > 4) console.log(`    … ${v.failures.length - 4} more failed rules`);
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
