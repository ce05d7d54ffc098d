import { Inject, Injectable, Logger } from '@nestjs/common';
import { Client, isGrpcServiceError, ServiceError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { ApplicationFailure, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type QueryDefinition, type UpdateDefinition } from '@temporalio/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { DomainError, ErrorCode } from '@app/common';
import { TEMPORAL_CLIENT } from '@app/temporal';
import { APPLICATION_UPDATE_REJECTED } from '@app/workflows/application/signals';
import { COUNCIL_PAPER_UPDATE_REJECTED } from '@app/workflows/council-paper/signals';
import { MILESTONE_UPDATE_REJECTED } from '@app/workflows/milestone/signals';
import { POSITION_UPDATE_REJECTED } from '@app/workflows/position/signals';

/** The ApplicationFailure types with which a workflow refuses an update (its validator's answer). */
export const UPDATE_REJECTED_TYPES: readonly string[] = [APPLICATION_UPDATE_REJECTED, POSITION_UPDATE_REJECTED, MILESTONE_UPDATE_REJECTED, COUNCIL_PAPER_UPDATE_REJECTED];

/**
 * How long one call may take before the api answers 503. An update returns once its activity
 * has written to PostgreSQL, so this is generous; the client's own retries on an unreachable
 * server are cut off by it.
 */
export const WORKFLOW_CALL_TIMEOUT_MS = 20_000;

/** 409: no workflow of that id is running (never started, or already ended). */
export class NoRunningWorkflowError extends DomainError {
  constructor(
    readonly workflowId: string,
    what: string,
  ) {
    super(ErrorCode.StateConflict, `no running workflow ${workflowId}: ${what} is not possible (the workflow has ended or was never started)`);
  }
}

/** gRPC status codes that mean "the server cannot be reached right now". */
const UNAVAILABLE_CODES = new Set([4 /* DEADLINE_EXCEEDED */, 14 /* UNAVAILABLE */]);

/**
 * The api's one door to Temporal: starts workflows by business id, executes updates and runs
 * queries, and turns what goes wrong into typed domain errors:
 * - an update the workflow refuses (its validator's ApplicationFailure) → 409 with its reason;
 * - no running workflow of that id → 409 "no running workflow" (the caller has checked tenancy
 *   in PostgreSQL first: another tenant's id is a 404 before Temporal is asked);
 * - Temporal unreachable or too slow → 503.
 * Starting is idempotent: a workflow of the same id already started counts as started.
 */
@Injectable()
export class WorkflowGateway {
  private readonly logger = new Logger(WorkflowGateway.name);

  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Starts `workflowType` as `workflowId`; `started: false` when it was already started (a retry). */
  async start<A>(workflowType: string, workflowId: string, input: A, organisationId: string): Promise<{ started: boolean }> {
    try {
      await this.call(workflowId, () =>
        this.client.workflow.start(workflowType, {
          taskQueue: this.config.temporal.taskQueue,
          workflowId,
          args: [input],
          memo: { organisationId },
          // a business key is started once: an ended workflow is never started again under its id
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
        }),
      );
      return { started: true };
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return { started: false };
      throw this.translate(error, workflowId, 'start');
    }
  }

  /** Executes an update and answers the workflow's result (its new state). */
  async update<R, A>(workflowId: string, def: UpdateDefinition<R, [A]>, arg: A): Promise<R> {
    try {
      return await this.call(workflowId, () => this.client.workflow.getHandle(workflowId).executeUpdate(def, { args: [arg] }));
    } catch (error) {
      throw this.translate(error, workflowId, def.name);
    }
  }

  async query<R>(workflowId: string, def: QueryDefinition<R, []>): Promise<R> {
    try {
      return await this.call(workflowId, () => this.client.workflow.getHandle(workflowId).query(def));
    } catch (error) {
      throw this.translate(error, workflowId, def.name);
    }
  }

  private call<T>(workflowId: string, fn: () => Promise<T>): Promise<T> {
    return this.client.connection.withDeadline(Date.now() + WORKFLOW_CALL_TIMEOUT_MS, fn);
  }

  /** What went wrong, as a domain error (anything unexpected is passed on: a 500). */
  translate(error: unknown, workflowId: string, what: string): unknown {
    if (error instanceof WorkflowUpdateFailedError) {
      const cause = error.cause;
      if (cause instanceof ApplicationFailure && cause.type && UPDATE_REJECTED_TYPES.includes(cause.type)) {
        return new DomainError(ErrorCode.StateConflict, cause.message);
      }
      return error;
    }
    if (error instanceof WorkflowNotFoundError) {
      return new NoRunningWorkflowError(workflowId, what);
    }
    if (isUnavailable(error)) {
      this.logger.warn({ err: error, workflowId }, `Temporal unavailable for ${what}`);
      return new DomainError(ErrorCode.Unavailable, `the workflow service (Temporal) cannot be reached right now; ${what} for ${workflowId} was not carried out, try again later`);
    }
    return error;
  }
}

function isUnavailable(error: unknown): boolean {
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
  if (isGrpcServiceError(error) && UNAVAILABLE_CODES.has(error.code)) return true;
  if (error instanceof ServiceError) {
    const cause = error.cause;
    return cause === undefined || (isGrpcServiceError(cause) && UNAVAILABLE_CODES.has(cause.code)) || /connect/i.test(error.message);
  }
  return false;
}
