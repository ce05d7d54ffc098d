import { Injectable } from '@nestjs/common';
import { Actor, DomainError, ErrorCode } from '@app/common';
import { workflowIds } from '@app/workflows/names';
import { councilPaperRules, CouncilPaperRuleViolation, type CouncilPaperWorkflowInput } from '@app/workflows/council-paper/model';
import { recordOutcomeUpdate, type CouncilPaperState, type RecordOutcomeInput } from '@app/workflows/council-paper/signals';
import { NoRunningWorkflowError, WorkflowGateway } from '../workflows/workflow-gateway';
import type { PaperRecord } from './council-papers.repository';

/**
 * The consultation workflow of a released paper (`council-paper-<id>`) seen from the api: started
 * at release with the Beratungsfolge and its session dates; each outcome is its `recordOutcome`
 * update (it checks order, session date and role, and its activity writes the consultation row
 * and the audit event); a postponement re-queues the consultation, and the deciding outcome
 * reaches the application's workflow as `councilDecision`. Tenancy is the caller's job.
 */
@Injectable()
export class CouncilPaperWorkflowService {
  constructor(private readonly gateway: WorkflowGateway) {}

  /**
   * The workflow's input from the paper; a Beratungsfolge it cannot walk (e.g. a deciding
   * consultation that is not the last) is a 409 naming why, before anything is started.
   */
  input(actor: Actor, paper: PaperRecord): CouncilPaperWorkflowInput {
    const input: CouncilPaperWorkflowInput = {
      paperId: paper.id,
      organisationId: actor.organisationId,
      paperNumber: paper.number,
      applicationId: paper.applicationId,
      councilOffice: actor.ref,
      consultations: paper.consultations.map((c) => ({
        position: c.position,
        committeeId: c.committeeId,
        committeeName: c.committeeName,
        sessionDate: c.sessionDate,
        role: c.role,
        authoritative: c.authoritative,
      })),
    };
    try {
      councilPaperRules(input);
    } catch (error) {
      if (error instanceof CouncilPaperRuleViolation) {
        throw new DomainError(ErrorCode.StateConflict, `council paper ${paper.number} cannot be consulted in this Beratungsfolge: ${error.message}`, [
          { field: 'consultations', reason: error.message },
        ]);
      }
      throw error;
    }
    return input;
  }

  /** Starts the consultation (idempotent: false when it runs already). */
  async start(actor: Actor, paper: PaperRecord): Promise<boolean> {
    return (await this.gateway.start('councilPaperWorkflow', workflowIds.councilPaper(paper.id), this.input(actor, paper), actor.organisationId)).started;
  }

  /**
   * Records an outcome as the acting user. Reconciliation: a released paper without workflow
   * (released before the workflows ran) and without any outcome yet gets one, then the update runs.
   */
  async recordOutcome(actor: Actor, paper: PaperRecord, outcome: Omit<RecordOutcomeInput, 'by'>): Promise<CouncilPaperState> {
    const run = () => this.gateway.update(workflowIds.councilPaper(paper.id), recordOutcomeUpdate, { ...outcome, by: actor.ref });
    try {
      return await run();
    } catch (error) {
      if (error instanceof NoRunningWorkflowError && paper.consultations.every((c) => c.outcome === null) && (await this.start(actor, paper))) return run();
      throw error;
    }
  }
}
