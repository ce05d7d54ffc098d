import type { Client, WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { PEINE_COORDINATOR_POSITION, PEINE_POSITION_TITLE } from '@app/demo';
import { computeSchedule, TVOED_VKA_REFERENCE_DATA } from '@app/personnel-costs';
import { workflowIds } from '@app/workflows/names';
import type { PositionWorkflowInput } from '@app/workflows/position/model';
import { changeStageUpdate } from '@app/workflows/position/signals';
import type { positionWorkflow } from '@app/workflows/position/workflow';

/** The demo's network coordinator position of Landkreis Peine as a workflow input, for fault tests. */

/** The youth office user of the demo's Peine, as the position's owner (`user:<id>`). */
export async function peineOwner(ds: DataSource, organisationId: string): Promise<string> {
  const users: Array<{ id: string }> = await ds.query(`SELECT id FROM app_user WHERE organisation_id = $1 AND subject = 'jugendamt'`, [organisationId]);
  return `user:${users[0].id}`;
}

export function peinePositionInput(positionId: string, organisationId: string, owner: string): PositionWorkflowInput {
  const p = PEINE_COORDINATOR_POSITION;
  return {
    positionId,
    organisationId,
    title: PEINE_POSITION_TITLE,
    owner,
    councilDecisionRef: '2020/608',
    start: p.start,
    end: p.end,
    terms: {
      payScale: p.payScale,
      payGroup: p.payGroup,
      fullTimeHours: p.fullTimeHours,
      allowances: p.allowances,
      fundingPeriod: p.fundingPeriod,
      financing: p.financing,
      accounts: p.accounts,
      stage: p.stageHistory[0].stage,
      weeklyHours: p.weeklyHours,
    },
    holder: { holderName: 'Netzwerkkoordination (Demo)', from: p.start },
  };
}

/** The cost engine's schedule of that position (what the ledger must hold once it has ended). */
export function peineSchedule(): ReturnType<typeof computeSchedule> {
  return computeSchedule(PEINE_COORDINATOR_POSITION, TVOED_VKA_REFERENCE_DATA);
}

/** Starts the position's workflow (business-key id unless `workflowId`) and applies its later pay stages. */
export async function startPeinePosition(
  client: Client,
  taskQueue: string,
  input: PositionWorkflowInput,
  workflowId = workflowIds.position(input.positionId),
): Promise<WorkflowHandleWithFirstExecutionRunId<typeof positionWorkflow>> {
  const handle = await client.workflow.start<typeof positionWorkflow>('positionWorkflow', { taskQueue, workflowId, args: [input] });
  for (const change of PEINE_COORDINATOR_POSITION.stageHistory.slice(1)) {
    await handle.executeUpdate(changeStageUpdate, { args: [{ effectiveOn: change.from, stage: change.stage }] });
  }
  return handle;
}

/** Sessions of one application_name in the current database (to see where a process waits). */
export async function sessionsOf(ds: DataSource, applicationName: string): Promise<Array<{ state: string; wait_event_type: string | null; query: string }>> {
  return ds.query(
    `SELECT state, wait_event_type, query FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1`,
    [applicationName],
  );
}

/** Whether a session of `applicationName` waits on a lock in `INSERT INTO ledger_entry`. */
export async function blockedInLedgerInsert(ds: DataSource, applicationName: string): Promise<boolean> {
  return (await sessionsOf(ds, applicationName)).some((s) => s.state === 'active' && s.wait_event_type === 'Lock' && /INSERT INTO ledger_entry/.test(s.query));
}
