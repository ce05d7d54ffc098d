import { Body, Controller, Get, Headers, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Actor } from '@app/common';
import { CurrentActor } from '../../auth/current-actor.decorator';
import { ApiErrors } from '../../common/api-errors.decorator';
import { CreateLedgerEntryDto, LedgerEntryDto, LedgerEntryPageDto, ListLedgerEntriesQuery, ReverseLedgerEntryDto } from './ledger-entry.dto';
import { IDEMPOTENCY_KEY_HEADER, IdempotencyNoun } from '../../common/idempotency';
import { LedgerService } from './ledger.service';

/** The ledger is append-only: there are no PATCH or DELETE routes; a correction is a reversal. */
@ApiTags('ledger')
@Controller('api/v1/ledger-entries')
export class LedgerController {
  constructor(private readonly ledger: LedgerService) {}

  @Get()
  @ApiOperation({ summary: 'Ledger entries, filtered by budget line, product, account, fiscal year, kind, date range or reference' })
  @ApiErrors('badRequest')
  @ApiOkResponse({ type: LedgerEntryPageDto })
  list(@CurrentActor() actor: Actor, @Query() query: ListLedgerEntriesQuery): Promise<LedgerEntryPageDto> {
    return this.ledger.list(actor, query);
  }

  @Post()
  @ApiOperation({ summary: 'Book an entry on a budget line (idempotent with an Idempotency-Key header)' })
  @ApiHeader({
    name: IDEMPOTENCY_KEY_HEADER,
    required: false,
    description: 'repeat it on a retry: the entry is booked once, and the retry gets it back with 200',
    schema: { type: 'string', maxLength: 200 },
  })
  @IdempotencyNoun('booking')
  @ApiErrors('badRequest', 'conflict')
  @ApiCreatedResponse({ type: LedgerEntryDto, description: 'booked' })
  @ApiOkResponse({ type: LedgerEntryDto, description: 'a retry: the entry booked before under this Idempotency-Key; nothing new was written' })
  async book(
    @CurrentActor() actor: Actor,
    @Body() dto: CreateLedgerEntryDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Req() req: { id?: string },
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LedgerEntryDto> {
    const { entry, created } = await this.ledger.book(actor, dto, idempotencyKey, req.id);
    void reply.status(created ? 201 : 200);
    return entry;
  }

  @Get(':id')
  @ApiOperation({ summary: 'One ledger entry' })
  @ApiErrors('notFound')
  @ApiOkResponse({ type: LedgerEntryDto })
  get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<LedgerEntryDto> {
    return this.ledger.get(actor, id);
  }

  @Post(':id/reversal')
  @ApiOperation({ summary: 'Reverse an entry: a new entry with the negated amount on the same line and of the same kind' })
  @ApiErrors('badRequest', 'notFound', 'conflict')
  @ApiCreatedResponse({ type: LedgerEntryDto, description: 'the reversing entry' })
  reverse(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: ReverseLedgerEntryDto, @Req() req: { id?: string }): Promise<LedgerEntryDto> {
    return this.ledger.reverse(actor, id, dto, req.id);
  }
}
