/**
 * Recalculates a workbook in LibreOffice headless and reads the recalculated values back.
 *
 * LibreOffice opens the .xlsx with "recalculate on load: always" (a throw-away user profile per
 * call, so calls may run in parallel), saves it again as .xlsx, and exceljs reads the values that
 * LibreOffice cached in the formula cells. Install LibreOffice with scripts/tools/libreoffice.sh.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as ExcelJS from 'exceljs';

export interface RecalculatedWorkbook {
  /** The workbook as LibreOffice saved it. */
  workbook: ExcelJS.Workbook;
  /** The value of a cell: a formula cell's recalculated result, else its plain value. */
  value(sheet: string, address: string): ExcelJS.CellValue | undefined;
  /** Like value(), but insists on a number. */
  number(sheet: string, address: string): number;
}

const RECALC_ALWAYS = 0; // Calc/Formula/Load/*RecalcMode: 0 always, 1 never (default), 2 ask

const PROFILE = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>${RECALC_ALWAYS}</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>${RECALC_ALWAYS}</value></prop></item>
</oor:items>
`;

export function sofficeBinary(): string {
  return process.env.SOFFICE ?? 'soffice';
}

export async function recalculateXlsx(file: string, timeoutMs = 120_000): Promise<RecalculatedWorkbook> {
  const work = await mkdtemp(join(tmpdir(), 'lo-recalc-'));
  try {
    const profile = join(work, 'profile');
    const outDir = join(work, 'out');
    await mkdir(join(profile, 'user'), { recursive: true });
    await mkdir(outDir);
    await writeFile(join(profile, 'user', 'registrymodifications.xcu'), PROFILE);
    await run(
      sofficeBinary(),
      [
        `-env:UserInstallation=${pathToFileURL(profile).href}`,
        '--headless',
        '--norestore',
        '--nolockcheck',
        '--nodefault',
        '--calc',
        '--convert-to',
        'xlsx:Calc MS Excel 2007 XML',
        '--outdir',
        outDir,
        file,
      ],
      timeoutMs,
    );
    const produced = await readdir(outDir);
    const expected = basename(file).replace(/\.[^.]*$/, '') + '.xlsx';
    if (!produced.includes(expected)) {
      throw new Error(`LibreOffice wrote no ${expected} (found: ${produced.join(', ') || 'nothing'})`);
    }
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(join(outDir, expected));
    return wrap(workbook);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function wrap(workbook: ExcelJS.Workbook): RecalculatedWorkbook {
  const value = (sheet: string, address: string): ExcelJS.CellValue | undefined => {
    const worksheet = workbook.getWorksheet(sheet);
    if (!worksheet) throw new Error(`no sheet "${sheet}" in the recalculated workbook`);
    const cell = worksheet.getCell(address);
    // cell.value of a formula omits a result of 0; cell.result does not.
    if (cell.type === ExcelJS.ValueType.Formula) return cell.result as ExcelJS.CellValue | undefined;
    return cell.value;
  };
  return {
    workbook,
    value,
    number: (sheet, address) => {
      const result = value(sheet, address);
      if (typeof result !== 'number') {
        throw new Error(`${sheet}!${address} holds ${JSON.stringify(result)}, not a number`);
      }
      return result;
    },
  };
}

function run(command: string, args: string[], timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    // Own process group, so that a timeout ends soffice.bin too and nothing else.
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => {
      if (child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      reject(new Error(`${command} timed out after ${timeoutMs} ms\n${output}`));
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(
        new Error(`cannot start ${command} (${error.message}); install LibreOffice with scripts/tools/libreoffice.sh`),
      );
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`${command} exited with ${code}\n${output}`));
    });
  });
}
