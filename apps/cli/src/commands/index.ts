import { UsageError } from '../usage-error';
import { applications } from './applications';
import { budgetLines, ledger } from './budget';
import type { CommandContext } from './context';
import { councilPapers } from './council-papers';
import { documents } from './documents';
import { deadlines, milestones } from './milestones';
import { positions } from './positions';
import { programmes } from './programmes';

export type { CommandContext } from './context';
export { applications, budgetLines, councilPapers, deadlines, documents, ledger, milestones, positions, programmes };

/** The resource commands by their first word; each gets the arguments after it. */
export const RESOURCE_COMMANDS: Record<string, (ctx: CommandContext) => Promise<void>> = {
  programmes,
  applications,
  positions,
  'budget-lines': budgetLines,
  ledger,
  milestones,
  deadlines,
  'council-papers': councilPapers,
  documents,
};

export const RESOURCE_USAGE = `Resource commands (talk to the api):
  programmes list
  applications list [--status s] [--programme id] [--q text]
  applications show <id>
  applications create --file application.json|application.yaml
  applications amend <id> --file amendment.json
  applications step <id> <step> [--on date] [--year n] [--paper id] [--result ok|repayment] [--repayment-cents n] [--reason text]
      steps: request-sign-off, sign-off, start-council-consultation, submit, submit-interim-report,
             submit-proof-of-use, record-check, close, withdraw (each through the application's workflow)
  applications workflow <id>   the workflow's state, next deadlines and history
  positions list | positions show <id>
  budget-lines list [--year y] | budget-lines summary <id>
  ledger list [--budget-line id] [--year y]
  milestones list [--application id] [--status s]
  deadlines [--application id]              open and overdue milestones, soonest first
  council-papers list | council-papers show <id>
  documents generate council-paper <paperId>
  documents download <documentId> --out file   (checks the SHA-256 against the ETag)

  Lists take --limit n (one page, at most 200) and --all (every page, --limit at a time).
  Global options: --api URL (env FOERDERWERK_API, default http://127.0.0.1:3000)
                  --user <org-slug>/<subject> (env FOERDERWERK_USER; sent as X-Dev-User)
                  --json (the api's JSON as it is)
  Input files are JSON or YAML (by the extension .yaml/.yml).`;

/** Runs a resource command: `argv` starts with the resource (e.g. ["applications", "show", id]). */
export async function runCommand(ctx: CommandContext): Promise<void> {
  const [resource, ...rest] = ctx.argv;
  const command = resource === undefined ? undefined : RESOURCE_COMMANDS[resource];
  if (!command) throw new UsageError(`unknown command "${resource ?? ''}"`);
  await command({ ...ctx, argv: rest });
}
