import { Injectable } from '@nestjs/common';
import type { UpdateDefinition } from '@temporalio/common';
import { EntityManager } from 'typeorm';
import { Actor, DomainError, ErrorCode } from '@app/common';
import { workflowIds } from '@app/workflows/names';
import { createRun, PositionRuleViolation, type PositionWorkflowInput } from '@app/workflows/position/model';
import { positionStateQuery, type ChangeMeta, type PositionState } from '@app/workflows/position/signals';
import { PositionInputUnavailable, positionWorkflowInput } from '../workflows/position-workflow-input';
import { NoRunningWorkflowError, WorkflowGateway } from '../workflows/workflow-gateway';

/**
 * The staff position's workflow (`position-<id>`) seen from the api. It is started when the
 * position gets its first holder (until then its terms are edited in place, and a running
 * workflow's terms are fixed), from the rows: terms, financing, accounts, holders, Stufen and
 * changes (../workflows/position-workflow-input.ts). Afterwards holders and dated changes are its
 * updates: it validates them against its plan (booked months stay closed) and its activity
 * writes the row and the audit event. Tenancy is the caller's job (PostgreSQL first).
 */
@Injectable()
export class PositionWorkflowService {
  constructor(private readonly gateway: WorkflowGateway) {}

  /**
   * The workflow's input from the rows as this transaction sees them; a state the workflow
   * cannot take (e.g. holders or changes against its rules) is a 409 naming why.
   */
  async input(em: EntityManager, actor: Actor, positionId: string): Promise<PositionWorkflowInput> {
    let input: PositionWorkflowInput | undefined;
    try {
      input = await positionWorkflowInput(em, actor.organisationId, positionId, { owner: actor.ref });
      if (!input) throw DomainError.notFound('position', positionId);
      createRun(input); // the workflow's own check of its input, before anything is started
    } catch (error) {
      if (error instanceof PositionInputUnavailable || error instanceof PositionRuleViolation) {
        throw new DomainError(ErrorCode.StateConflict, `position ${positionId} cannot be run by its workflow: ${error.message}`);
      }
      throw error;
    }
    return input;
  }

  /** Starts the workflow from the rows (idempotent: false when it was started before). */
  async start(em: EntityManager, actor: Actor, positionId: string): Promise<boolean> {
    const input = await this.input(em, actor, positionId);
    return (await this.gateway.start('positionWorkflow', workflowIds.position(positionId), input, actor.organisationId)).started;
  }

  /** Runs an update as the acting user (its `by`); NoRunningWorkflowError when none runs. */
  update<A extends ChangeMeta>(actor: Actor, positionId: string, def: UpdateDefinition<PositionState, [A]>, arg: Omit<A, 'by'>): Promise<PositionState> {
    return this.gateway.update(workflowIds.position(positionId), def, { ...arg, by: actor.ref } as A);
  }

  /**
   * A change through the workflow. Adoption: when none runs (a position entered before, or its
   * first holder), `direct` writes the change in this transaction and the workflow is started
   * from the rows, last, so that a failed start rolls the change back; an ended workflow is
   * never started again (409).
   */
  async change(em: EntityManager, actor: Actor, positionId: string, viaWorkflow: () => Promise<unknown>, direct: () => Promise<void>): Promise<void> {
    try {
      await viaWorkflow();
    } catch (error) {
      if (!(error instanceof NoRunningWorkflowError)) throw error;
      await direct();
      if (!(await this.start(em, actor, positionId))) throw error;
    }
  }

  state(positionId: string): Promise<PositionState> {
    return this.gateway.query(workflowIds.position(positionId), positionStateQuery);
  }
}
