import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@app/common';
import {
  closeUpdate,
  recordCheckUpdate,
  requestSignOffUpdate,
  signOffUpdate,
  startCouncilConsultationUpdate,
  submitInterimReportUpdate,
  submitProofOfUseUpdate,
  submitToFunderUpdate,
  withdrawUpdate,
} from '@app/workflows/application/signals';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ApiErrors, ErrorDto } from '../common/api-errors.decorator';
import {
  ApplicationWorkflowDto,
  EmptyActionDto,
  RecordCheckDto,
  StartCouncilConsultationDto,
  SubmitDto,
  SubmitInterimReportDto,
  SubmitProofOfUseDto,
  WithdrawDto,
} from './application-workflow.dto';
import { ApplicationWorkflowService } from './application-workflow.service';

const STEP = 'The workflow checks the step against the state: a step not possible now is 409 with its reason and changes nothing. Answers the new state.';

/** Documents a step of the workflow: 200 with the new state, 400/404/409, 503 when Temporal cannot be reached. */
function Step(summary: string) {
  return (target: object, key: string | symbol, descriptor: PropertyDescriptor) => {
    HttpCode(HttpStatus.OK)(target, key, descriptor);
    ApiOperation({ summary, description: STEP })(target, key, descriptor);
    ApiErrors('badRequest', 'notFound', 'conflict')(target, key, descriptor);
    ApiServiceUnavailableResponse({ type: ErrorDto, description: 'the workflow service cannot be reached; nothing was changed' })(target, key, descriptor);
    ApiOkResponse({ type: ApplicationWorkflowDto })(target, key, descriptor);
  };
}

/** The lifecycle of an application (`application-<id>`): its steps and its state. */
@ApiTags('applications')
@Controller('api/v1/applications')
export class ApplicationWorkflowController {
  constructor(private readonly workflow: ApplicationWorkflowService) {}

  @Get(':id/workflow')
  @ApiOperation({ summary: 'The state of the application workflow: status, sign-off, council, notice, disbursed amount, deadlines (the next ones first) and history' })
  @ApiErrors('notFound', 'conflict')
  @ApiServiceUnavailableResponse({ type: ErrorDto, description: 'the workflow service cannot be reached' })
  @ApiOkResponse({ type: ApplicationWorkflowDto })
  state(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<ApplicationWorkflowDto> {
    return this.workflow.state(actor, id);
  }

  @Post(':id/actions/request-sign-off')
  @Step('Ask the department head to sign off the draft (draft → internal_review)')
  requestSignOff(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() _dto: EmptyActionDto): Promise<ApplicationWorkflowDto> {
    return this.workflow.act(actor, id, requestSignOffUpdate, {});
  }

  @Post(':id/actions/sign-off')
  @Step('Sign the application off (Mitzeichnung) as the acting department head; the status stays internal_review')
  signOff(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() _dto: EmptyActionDto): Promise<ApplicationWorkflowDto> {
    return this.workflow.act(actor, id, signOffUpdate, {});
  }

  @Post(':id/actions/start-council-consultation')
  @Step("Put the application's council paper into consultation (internal_review → council_consultation); the paper's workflow reports the council decision")
  async startCouncilConsultation(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: StartCouncilConsultationDto): Promise<ApplicationWorkflowDto> {
    await this.workflow.requireApplication(actor, id);
    await this.workflow.requirePaperOf(actor, id, dto.paperId);
    return this.workflow.act(actor, id, startCouncilConsultationUpdate, { paperId: dto.paperId });
  }

  @Post(':id/actions/submit')
  @Step('Record that the application went to the funder (→ submitted): after sign-off, and after the council approved if the programme needs a council decision')
  submit(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: SubmitDto): Promise<ApplicationWorkflowDto> {
    return this.workflow.act(actor, id, submitToFunderUpdate, { submittedOn: dto.submittedOn });
  }

  @Post(':id/actions/submit-interim-report')
  @Step('Record the Zwischennachweis of a fiscal year as submitted (→ reporting while the period runs)')
  submitInterimReport(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: SubmitInterimReportDto): Promise<ApplicationWorkflowDto> {
    return this.workflow.act(actor, id, submitInterimReportUpdate, { year: dto.year, submittedOn: dto.submittedOn });
  }

  @Post(':id/actions/submit-proof-of-use')
  @Step('Record the Verwendungsnachweis as submitted (proof_of_use_due → proof_submitted)')
  submitProofOfUse(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: SubmitProofOfUseDto): Promise<ApplicationWorkflowDto> {
    return this.workflow.act(actor, id, submitProofOfUseUpdate, { submittedOn: dto.submittedOn });
  }

  @Post(':id/actions/record-check')
  @Step('Record the result of checking the proof of use (→ checked, or → repayment with the amount)')
  recordCheck(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: RecordCheckDto): Promise<ApplicationWorkflowDto> {
    return this.workflow.act(actor, id, recordCheckUpdate, { result: dto.result, ...(dto.repaymentCents === undefined ? {} : { repaymentCents: dto.repaymentCents }) });
  }

  @Post(':id/actions/close')
  @Step('Close a checked application (checked or repayment → closed); the workflow ends')
  close(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() _dto: EmptyActionDto): Promise<ApplicationWorkflowDto> {
    return this.workflow.act(actor, id, closeUpdate, {});
  }

  @Post(':id/actions/withdraw')
  @Step('Withdraw the application at any open step (→ withdrawn); the workflow ends')
  withdraw(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: WithdrawDto): Promise<ApplicationWorkflowDto> {
    return this.workflow.act(actor, id, withdrawUpdate, { reason: dto.reason });
  }
}
