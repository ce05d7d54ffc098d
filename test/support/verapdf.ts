import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { repoRoot } from '@app/common';

/**
 * Validates PDFs with veraPDF (PDF/A and PDF/UA), installed into .tools/ by
 * scripts/tools/verapdf.sh. A JVM start costs about a second, so many files and several
 * profiles go through one veraPDF run: veraPDF first validates every file against the
 * profiles that the file's own XMP metadata claims (pdfaid, pdfuaid); a requested profile that
 * a file does not claim is then checked in one more run with an explicit flavour (and fails
 * there, at the latest on the missing identification).
 */

export const VERAPDF_VERSION = '1.28.2';

/** veraPDF flavour names (its `-f` values). */
export type VeraPdfProfile = '1a' | '1b' | '2a' | '2b' | '2u' | '3a' | '3b' | '3u' | '4' | '4f' | '4e' | 'ua1' | 'ua2';

export interface FailedRule {
  profile: VeraPdfProfile;
  specification: string;
  clause: string;
  testNumber: number;
  description: string;
  failedChecks: number;
  /** First error message veraPDF gave for this rule. */
  example?: string;
}

export interface ProfileVerdict {
  profile: VeraPdfProfile;
  profileName: string;
  compliant: boolean;
  failedRules: FailedRule[];
}

export interface PdfValidation {
  /** The file's path, or the label given for a buffer. */
  file: string;
  passed: boolean;
  verdicts: ProfileVerdict[];
  /** One line per failed rule: "ua1 7.1-3: … (2 checks)". */
  failures: string[];
}

export type PdfInput = Buffer | string | { name: string; pdf: Buffer };

export const VERAPDF_BIN = join(repoRoot(), '.tools', 'verapdf', VERAPDF_VERSION, 'verapdf');

export class VeraPdfMissingError extends Error {
  constructor() {
    super(
      `veraPDF ${VERAPDF_VERSION} is not installed (${VERAPDF_BIN} missing). ` +
        'Run `bash scripts/tools/verapdf.sh` from the repository root (needs Java 17 and Maven).',
    );
  }
}

/** Validates one PDF against the given profiles. */
export async function validatePdf(input: PdfInput, profiles: readonly VeraPdfProfile[]): Promise<PdfValidation> {
  const [result] = await validatePdfs([input], profiles);
  return result!;
}

/** Validates several PDFs against the given profiles, in as few veraPDF runs as possible. */
export async function validatePdfs(inputs: readonly PdfInput[], profiles: readonly VeraPdfProfile[]): Promise<PdfValidation[]> {
  if (!existsSync(VERAPDF_BIN)) throw new VeraPdfMissingError();
  if (!inputs.length || !profiles.length) throw new Error('validatePdfs needs at least one file and one profile');

  const dir = await mkdtemp(join(tmpdir(), 'verapdf-'));
  try {
    const files: { path: string; label: string }[] = [];
    for (const [i, input] of inputs.entries()) {
      if (typeof input === 'string') {
        files.push({ path: resolve(input), label: input });
      } else {
        const buffer = Buffer.isBuffer(input) ? input : input.pdf;
        const label = Buffer.isBuffer(input) ? `buffer-${i + 1}` : input.name;
        const path = join(dir, `${String(i + 1).padStart(3, '0')}-${basename(label).replace(/[^\w.-]/g, '_')}.pdf`);
        await writeFile(path, buffer);
        files.push({ path, label });
      }
    }

    const verdicts = new Map<string, Map<VeraPdfProfile, ProfileVerdict>>(files.map((f) => [f.path, new Map()]));
    const collect = (report: Map<string, ProfileVerdict[]>): void => {
      for (const [path, list] of report) {
        const known = verdicts.get(path);
        if (!known) throw new Error(`veraPDF reported on a file it was not given: ${path}`);
        for (const verdict of list) known.set(verdict.profile, verdict);
      }
    };

    // 1. All files, the profiles their metadata claims.
    collect(await runVeraPdf(files.map((f) => f.path), '0'));
    // 2. Every requested profile that some file did not claim, explicitly.
    for (const profile of profiles) {
      const missing = files.filter((f) => !verdicts.get(f.path)!.has(profile)).map((f) => f.path);
      if (missing.length) collect(await runVeraPdf(missing, profile));
    }

    return files.map((file) => {
      const byProfile = verdicts.get(file.path)!;
      const chosen = profiles.map((p) => byProfile.get(p));
      const failures: string[] = [];
      chosen.forEach((verdict, i) => {
        if (!verdict) {
          failures.push(`${profiles[i]}: veraPDF gave no verdict`);
          return;
        }
        if (!verdict.compliant && !verdict.failedRules.length) failures.push(`${verdict.profile}: not compliant`);
        for (const rule of verdict.failedRules) {
          failures.push(
            `${rule.profile} ${rule.clause}-${rule.testNumber}: ${rule.description} (${rule.failedChecks} checks)` +
              (rule.example ? ` e.g. ${rule.example}` : ''),
          );
        }
      });
      return {
        file: file.label,
        passed: chosen.every((v) => v?.compliant === true),
        verdicts: chosen.filter((v): v is ProfileVerdict => v !== undefined),
        failures,
      };
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Formats validations for a test failure message. */
export function describeValidations(results: readonly PdfValidation[]): string {
  return results
    .map((r) => `${r.passed ? 'PASS' : 'FAIL'} ${r.file} [${r.verdicts.map((v) => `${v.profile}:${v.compliant ? 'ok' : 'failed'}`).join(', ')}]` +
      r.failures.map((f) => `\n  ${f}`).join(''))
    .join('\n');
}

// ---- veraPDF's JSON report ------------------------------------------------------------------

interface JsonRuleSummary {
  specification: string;
  clause: string;
  testNumber: number;
  description: string;
  failedChecks: number;
  checks?: { errorMessage?: string }[];
}
interface JsonValidationResult {
  profileName: string;
  compliant: boolean;
  details: { ruleSummaries: JsonRuleSummary[] };
}
interface JsonJob {
  itemDetails: { name: string };
  validationResult?: JsonValidationResult[] | JsonValidationResult;
  taskException?: unknown;
}
interface JsonReport {
  report: { jobs: JsonJob[] };
}

function runVeraPdf(paths: readonly string[], flavour: VeraPdfProfile | '0'): Promise<Map<string, ProfileVerdict[]>> {
  const args = ['--format', 'json', '-f', flavour, '--maxfailuresdisplayed', '3', '--loglevel', '1', ...paths];
  return new Promise((resolvePromise, reject) => {
    execFile(
      VERAPDF_BIN,
      args,
      { maxBuffer: 256 * 1024 * 1024, env: { ...process.env, VERAPDF_JAVA_OPTS: process.env.VERAPDF_JAVA_OPTS ?? '-XX:TieredStopAtLevel=1' } },
      (error, stdout, stderr) => {
        // veraPDF exits 1 when a file is not compliant; only a report we cannot read is an error.
        let report: JsonReport;
        try {
          report = JSON.parse(stdout) as JsonReport;
        } catch {
          reject(new Error(`veraPDF gave no JSON report (${error?.message ?? 'no error'}):\n${stderr.slice(0, 4000)}`));
          return;
        }
        const result = new Map<string, ProfileVerdict[]>();
        for (const job of report.report.jobs) {
          if (job.taskException) {
            reject(new Error(`veraPDF could not process ${job.itemDetails.name}: ${JSON.stringify(job.taskException)}`));
            return;
          }
          const raw = job.validationResult;
          const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
          result.set(
            resolve(job.itemDetails.name),
            list.map((r) => {
              const profile = profileOf(r.profileName);
              return {
                profile,
                profileName: r.profileName,
                compliant: r.compliant,
                failedRules: r.details.ruleSummaries.map((s) => ({
                  profile,
                  specification: s.specification,
                  clause: s.clause,
                  testNumber: s.testNumber,
                  description: s.description,
                  failedChecks: s.failedChecks,
                  example: s.checks?.find((c) => c.errorMessage)?.errorMessage,
                })),
              };
            }),
          );
        }
        resolvePromise(result);
      },
    );
  });
}

/** "PDF/A-2B validation profile" → "2b", "PDF/UA-1 validation profile" → "ua1". */
export function profileOf(profileName: string): VeraPdfProfile {
  const ua = /PDF\/UA-(\d)/i.exec(profileName);
  if (ua) return `ua${ua[1]}` as VeraPdfProfile;
  const a = /PDF\/A-(\d)([ABUFE])?\b/i.exec(profileName);
  if (a) return `${a[1]}${(a[2] ?? '').toLowerCase()}` as VeraPdfProfile;
  throw new Error(`unknown veraPDF profile: ${profileName}`);
}
