import { Injectable } from '@nestjs/common';
import type { UpdateDefinition } from '@temporalio/common';
import { EntityManager } from 'typeorm';
import { Actor } from '@app/common';
import { workflowIds } from '@app/workflows/names';
import type { MilestoneWorkflowInput } from '@app/workflows/milestone/model';
import type { MilestoneState } from '@app/workflows/milestone/signals';
import { WorkflowContextRepository } from '../workflows/workflow-context.repository';
import { NoRunningWorkflowError, WorkflowGateway } from '../workflows/workflow-gateway';
import type { MilestoneRecord } from './milestones.repository';

/**
 * The milestone's workflow (`milestone-<id>`) seen from the api: started with the milestone;
 * completion and due-date changes are its updates (it validates them, and its activity writes
 * the row and the audit event). Tenancy is the caller's job (PostgreSQL
 * first: another organisation's milestone is a 404 before Temporal is asked).
 */
@Injectable()
export class MilestoneWorkflowService {
  constructor(
    private readonly gateway: WorkflowGateway,
    private readonly context: WorkflowContextRepository,
  ) {}

  /**
   * Starts the workflow of a milestone with its current due date (idempotent: false when it
   * runs already). The owner is reminded; a milestone without owner reminds `actor`.
   */
  async start(em: EntityManager, actor: Actor, m: Pick<MilestoneRecord, 'id' | 'title' | 'dueOn' | 'ownerId'>): Promise<boolean> {
    const org = actor.organisationId;
    const input: MilestoneWorkflowInput = {
      milestoneId: m.id,
      organisationId: org,
      title: m.title,
      dueOn: m.dueOn,
      owner: m.ownerId ? `user:${m.ownerId}` : actor.ref,
      escalateTo: await this.context.escalationRecipient(em, org, actor.ref),
      holidayRules: await this.context.holidayRules(em, org),
    };
    return (await this.gateway.start('milestoneWorkflow', workflowIds.milestone(m.id), input, org)).started;
  }

  /**
   * Runs an update as the acting user. Reconciliation: a milestone still to be done whose
   * workflow never ran (rows from before the workflows, the demo loader) gets one started from
   * its row, then the update runs; an ended workflow is never started again (REJECT_DUPLICATE).
   */
  async act<A extends { by?: string }>(em: EntityManager, actor: Actor, m: MilestoneRecord, def: UpdateDefinition<MilestoneState, [A]>, arg: Omit<A, 'by'>): Promise<MilestoneState> {
    const run = () => this.gateway.update(workflowIds.milestone(m.id), def, { ...arg, by: actor.ref } as A);
    try {
      return await run();
    } catch (error) {
      if (error instanceof NoRunningWorkflowError && m.status !== 'done' && (await this.start(em, actor, m))) return run();
      throw error;
    }
  }
}
