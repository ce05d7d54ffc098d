import { PassThrough } from 'node:stream';
import * as PImage from 'pureimage';
import { compareDates, toDayNumber, type IsoDate } from '@app/calendar';
import { formatEuro, type Cents } from '@app/money';
import { templatePath } from '@app/documents';
import type { TimelineRow } from './timeline';

/*
 * money-over-time.png: the running totals of the timeline as step lines over the dates — cost
 * booked, the funder's share booked, money disbursed — with axes, German labels and a legend.
 * Drawn with pureimage and the embedded Liberation Sans of templates/fonts (no system fonts).
 */

export const CHART_SIZE = { width: 1200, height: 700 } as const;
const FONT = 'LiberationSans';
const MARGIN = { left: 120, right: 40, top: 70, bottom: 90 };
const SERIES = [
  { key: 'costTotalCents', label: 'Gebuchte Personalkosten (kumuliert)', color: '#1f4e79' },
  { key: 'reimbursementTotalCents', label: 'Förderanteil gebucht (kumuliert)', color: '#2e7d32' },
  { key: 'disbursedTotalCents', label: 'Ausgezahlt aus Mittelabrufen (kumuliert)', color: '#c55a11' },
] as const;

let fontLoaded = false;
function loadFont(): void {
  if (!fontLoaded) {
    const registered = PImage.registerFont(templatePath('fonts', 'LiberationSans-Regular.ttf'), FONT).loadSync();
    // opentype.js cannot read Liberation Sans's GPOS kerning lookups (it throws on fillText);
    // chart labels do without kerning.
    registered.font.getKerningValue = () => 0;
    fontLoaded = true;
  }
}

/** A "nice" step for about `n` grid lines up to `max`. */
function niceStep(max: number, n: number): number {
  const raw = max / n;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const f = raw / magnitude;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * magnitude;
}

export async function moneyOverTimePng(rows: readonly TimelineRow[], title: string): Promise<Buffer> {
  loadFont();
  const { width, height } = CHART_SIZE;
  const img = PImage.make(width, height);
  const ctx = img.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);

  const dated = rows.length ? rows : [];
  const first: IsoDate = dated[0]?.on ?? '2000-01-01';
  const last: IsoDate = dated[dated.length - 1]?.on ?? '2000-12-31';
  const d0 = toDayNumber(first);
  const d1 = Math.max(toDayNumber(last), d0 + 1);
  const maxCents = Math.max(1, ...dated.flatMap((r) => SERIES.map((s) => r[s.key])));
  const step = niceStep(maxCents, 6);
  const top = Math.ceil(maxCents / step) * step;
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const x = (d: IsoDate) => MARGIN.left + ((toDayNumber(d) - d0) / (d1 - d0)) * plotW;
  const y = (c: Cents) => MARGIN.top + plotH - (c / top) * plotH;

  ctx.fillStyle = '#000000';
  ctx.font = `22pt ${FONT}`;
  ctx.fillText(title, MARGIN.left, 38);

  // grid and y axis labels
  ctx.font = `13pt ${FONT}`;
  ctx.lineWidth = 1;
  for (let v = 0; v <= top + 0.5; v += step) {
    ctx.strokeStyle = v === 0 ? '#000000' : '#d9d9d9';
    ctx.beginPath();
    ctx.moveTo(MARGIN.left, y(v));
    ctx.lineTo(width - MARGIN.right, y(v));
    ctx.stroke();
    const label = formatEuro(Math.round(v), true).replace(/,\d\d(?=\s*€)/, '');
    ctx.fillStyle = '#000000';
    ctx.fillText(label, MARGIN.left - 10 - label.length * 8.2, y(v) + 5);
  }
  // x axis: the 1st of January and of July of each year
  ctx.strokeStyle = '#000000';
  ctx.beginPath();
  ctx.moveTo(MARGIN.left, MARGIN.top);
  ctx.lineTo(MARGIN.left, MARGIN.top + plotH);
  ctx.stroke();
  for (let year = Number(first.slice(0, 4)); year <= Number(last.slice(0, 4)) + 1; year++) {
    for (const month of ['01', '07']) {
      const tick = `${year}-${month}-01`;
      if (compareDates(tick, first) < 0 || compareDates(tick, last) > 0) continue;
      const tx = x(tick);
      ctx.strokeStyle = '#000000';
      ctx.beginPath();
      ctx.moveTo(tx, MARGIN.top + plotH);
      ctx.lineTo(tx, MARGIN.top + plotH + 6);
      ctx.stroke();
      ctx.fillText(`${month}/${year}`, tx - 26, MARGIN.top + plotH + 24);
    }
  }
  ctx.fillText('Datum', MARGIN.left + plotW / 2 - 20, height - 42);
  ctx.fillText('Betrag in €', 12, MARGIN.top - 14);

  // series as step lines
  ctx.lineWidth = 3;
  for (const s of SERIES) {
    ctx.strokeStyle = s.color;
    ctx.beginPath();
    // pureimage warns about zero-length segments: only points that move by at least half a pixel
    let at = { px: x(first), py: y(0) };
    ctx.moveTo(at.px, at.py);
    const to = (px: number, py: number) => {
      if (Math.abs(px - at.px) < 0.5 && Math.abs(py - at.py) < 0.5) return;
      ctx.lineTo(px, py);
      at = { px, py };
    };
    let prev = 0;
    for (const r of dated) {
      to(x(r.on), y(prev));
      to(x(r.on), y(r[s.key]));
      prev = r[s.key];
    }
    to(x(last), y(prev));
    ctx.stroke();
  }

  // legend
  ctx.font = `13pt ${FONT}`;
  SERIES.forEach((s, i) => {
    const lx = MARGIN.left + i * 360;
    const ly = height - 18;
    ctx.fillStyle = s.color;
    ctx.fillRect(lx, ly - 10, 28, 6);
    ctx.fillStyle = '#000000';
    ctx.fillText(s.label, lx + 36, ly);
  });

  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  await PImage.encodePNGToStream(img, stream);
  return Buffer.concat(chunks);
}
