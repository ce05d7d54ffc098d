import { Body, Controller, Get, HttpCode, HttpStatus, Param, Patch, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Actor } from '@app/common';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ApiErrors } from '../common/api-errors.decorator';
import {
  CancelDisbursementRequestDto,
  CreateDisbursementRequestDto,
  CreatePaymentDto,
  CreateReceiptDto,
  DisbursementRequestDto,
  FundingNoticeDto,
  ListReceiptsQuery,
  PaymentDto,
  PutFundingNoticeDto,
  ReceiptDto,
  ReceiptPageDto,
  SendDisbursementRequestDto,
  UpdateDisbursementRequestDto,
} from './funding-records.dto';
import { FundingRecordsService } from './funding-records.service';

@ApiTags('funding notices')
@Controller('api/v1')
export class FundingNoticesController {
  constructor(private readonly records: FundingRecordsService) {}

  @Put('applications/:id/notice')
  @ApiOperation({
    summary: 'Record or replace the funding notice (Zuwendungsbescheid) of an application',
    description: 'Replacing needs the version read (optimistic locking); the approved amount may not fall below what disbursement requests already call.',
  })
  @ApiErrors('badRequest', 'notFound', 'conflict')
  @ApiOkResponse({ type: FundingNoticeDto, description: 'replaced' })
  @ApiCreatedResponse({ type: FundingNoticeDto, description: 'recorded' })
  async put(
    @CurrentActor() actor: Actor,
    @Param('id') applicationId: string,
    @Body() dto: PutFundingNoticeDto,
    @Req() req: { id?: string },
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<FundingNoticeDto> {
    const { notice, created } = await this.records.putNotice(actor, applicationId, dto, req.id);
    void reply.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return notice;
  }

  @Get('applications/:id/notice')
  @ApiOperation({ summary: 'The funding notice of an application (404 while there is none)' })
  @ApiErrors('notFound')
  @ApiOkResponse({ type: FundingNoticeDto })
  get(@CurrentActor() actor: Actor, @Param('id') applicationId: string): Promise<FundingNoticeDto> {
    return this.records.getNotice(actor, applicationId);
  }
}

@ApiTags('disbursement requests')
@Controller('api/v1')
export class DisbursementRequestsController {
  constructor(private readonly records: FundingRecordsService) {}

  @Post('applications/:id/disbursement-requests')
  @ApiOperation({
    summary: 'Draft a disbursement request (Mittelabruf) against the approved amount',
    description: 'Needs an approved or partly approved notice; all requests not cancelled stay within the approved amount. Rule problems such as the spending window come back as warnings.',
  })
  @ApiErrors('badRequest', 'notFound', 'conflict')
  @ApiCreatedResponse({ type: DisbursementRequestDto })
  create(@CurrentActor() actor: Actor, @Param('id') applicationId: string, @Body() dto: CreateDisbursementRequestDto, @Req() req: { id?: string }): Promise<DisbursementRequestDto> {
    return this.records.createDisbursement(actor, applicationId, dto, req.id);
  }

  @Get('applications/:id/disbursement-requests')
  @ApiOperation({ summary: 'The disbursement requests of an application, by sequence number, with their warnings' })
  @ApiErrors('notFound')
  @ApiOkResponse({ type: [DisbursementRequestDto] })
  list(@CurrentActor() actor: Actor, @Param('id') applicationId: string): Promise<DisbursementRequestDto[]> {
    return this.records.listDisbursements(actor, applicationId);
  }

  @Patch('disbursement-requests/:id')
  @ApiOperation({ summary: 'Change a draft disbursement request (optimistic locking: send the version you read)' })
  @ApiErrors('badRequest', 'notFound', 'conflict')
  @ApiOkResponse({ type: DisbursementRequestDto })
  update(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: UpdateDisbursementRequestDto, @Req() req: { id?: string }): Promise<DisbursementRequestDto> {
    return this.records.updateDisbursement(actor, id, dto, req.id);
  }

  @Post('disbursement-requests/:id/send')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Send a draft disbursement request to the funder; with warnings only when acknowledged' })
  @ApiErrors('badRequest', 'notFound', 'conflict')
  @ApiOkResponse({ type: DisbursementRequestDto })
  send(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: SendDisbursementRequestDto, @Req() req: { id?: string }): Promise<DisbursementRequestDto> {
    return this.records.sendDisbursement(actor, id, dto, req.id);
  }

  @Post('disbursement-requests/:id/cancel')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Cancel a draft or sent disbursement request that has received no payment' })
  @ApiErrors('badRequest', 'notFound', 'conflict')
  @ApiOkResponse({ type: DisbursementRequestDto })
  cancel(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: CancelDisbursementRequestDto, @Req() req: { id?: string }): Promise<DisbursementRequestDto> {
    return this.records.cancelDisbursement(actor, id, dto, req.id);
  }
}

@ApiTags('payments')
@Controller('api/v1')
export class PaymentsController {
  constructor(private readonly records: FundingRecordsService) {}

  @Post('applications/:id/payments')
  @ApiOperation({ summary: 'Book a payment received from the funder (Zahlungseingang), optionally answering a sent disbursement request' })
  @ApiErrors('badRequest', 'notFound', 'conflict')
  @ApiCreatedResponse({ type: PaymentDto })
  create(@CurrentActor() actor: Actor, @Param('id') applicationId: string, @Body() dto: CreatePaymentDto, @Req() req: { id?: string }): Promise<PaymentDto> {
    return this.records.createPayment(actor, applicationId, dto, req.id);
  }

  @Get('applications/:id/payments')
  @ApiOperation({ summary: 'The payments received for an application, by date' })
  @ApiErrors('notFound')
  @ApiOkResponse({ type: [PaymentDto] })
  list(@CurrentActor() actor: Actor, @Param('id') applicationId: string): Promise<PaymentDto[]> {
    return this.records.listPayments(actor, applicationId);
  }
}

@ApiTags('receipts')
@Controller('api/v1')
export class ReceiptsController {
  constructor(private readonly records: FundingRecordsService) {}

  @Post('applications/:id/receipts')
  @ApiOperation({ summary: 'Add a receipt (Beleg) to the Belegliste of an application, with the next Lfd. Nr.' })
  @ApiErrors('badRequest', 'notFound')
  @ApiCreatedResponse({ type: ReceiptDto })
  create(@CurrentActor() actor: Actor, @Param('id') applicationId: string, @Body() dto: CreateReceiptDto, @Req() req: { id?: string }): Promise<ReceiptDto> {
    return this.records.createReceipt(actor, applicationId, dto, req.id);
  }

  @Get('applications/:id/receipts')
  @ApiOperation({ summary: 'The receipts of an application, filtered and paginated', description: 'sort: sequenceNo (default), receiptDate' })
  @ApiErrors('badRequest', 'notFound')
  @ApiOkResponse({ type: ReceiptPageDto })
  list(@CurrentActor() actor: Actor, @Param('id') applicationId: string, @Query() query: ListReceiptsQuery): Promise<ReceiptPageDto> {
    return this.records.listReceipts(actor, applicationId, query);
  }

  @Get('receipts/:id')
  @ApiOperation({ summary: 'One receipt' })
  @ApiErrors('notFound')
  @ApiOkResponse({ type: ReceiptDto })
  get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<ReceiptDto> {
    return this.records.getReceipt(actor, id);
  }
}
