import { Body, Controller, Param, Post, Req } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@app/common';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ApiErrors } from '../common/api-errors.decorator';
import { DocumentDto } from './document.dto';
import { GenerateApplicationDocumentDto, GenerateFinanceWorkbookDto, GenerateStatusReportDto } from './document-generation.dto';
import { DocumentGenerationService } from './document-generation.service';

const STORED = 'Stored as the next version of its document (earlier versions stay); the bytes come from contentUrl.';

@ApiTags('documents')
@Controller('api/v1')
export class DocumentGenerationController {
  constructor(private readonly generation: DocumentGenerationService) {}

  @Post('applications/:id/documents')
  @ApiOperation({
    summary: "Generate a document of an application from its data: Förderantrag, Zwischennachweis of a year, or the Verwendungsnachweis' Sachbericht or zahlenmäßiger Nachweis (PDF, XLSX)",
    description: `${STORED} 409 when the data does not allow the document yet (no funding notice, a year without Zwischennachweis, no receipts …).`,
  })
  @ApiErrors('badRequest', 'notFound', 'conflict')
  @ApiCreatedResponse({ type: DocumentDto })
  forApplication(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: GenerateApplicationDocumentDto, @Req() req: { id?: string }): Promise<DocumentDto> {
    return this.generation.forApplication(actor, id, dto, req.id);
  }

  @Post('disbursement-requests/:id/documents')
  @ApiOperation({ summary: 'Generate the Mittelabruf (Auszahlungsantrag) of a disbursement request: the payments it covers, earlier requests, the grant', description: STORED })
  @ApiErrors('notFound', 'conflict')
  @ApiCreatedResponse({ type: DocumentDto })
  forDisbursementRequest(@CurrentActor() actor: Actor, @Param('id') id: string, @Req() req: { id?: string }): Promise<DocumentDto> {
    return this.generation.forDisbursementRequest(actor, id, req.id);
  }

  @Post('programmes/:id/status-report')
  @ApiOperation({
    summary: "Generate the programme's Sachstandsbericht for a committee (Jugendhilfeausschuss): milestones, deadlines and money as of today",
    description: STORED,
  })
  @ApiBody({ type: GenerateStatusReportDto, required: false })
  @ApiErrors('badRequest', 'notFound', 'conflict')
  @ApiCreatedResponse({ type: DocumentDto })
  statusReport(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: GenerateStatusReportDto, @Req() req: { id?: string }): Promise<DocumentDto> {
    return this.generation.statusReport(actor, id, dto ?? {}, req.id);
  }

  @Post('finance-workbooks')
  @ApiOperation({
    summary: "Generate the finance workbook (XLSX) of the organisation's fiscal year, optionally of one budget product: plan, ledger and staff positions with formulas",
    description: STORED,
  })
  @ApiErrors('badRequest', 'conflict')
  @ApiCreatedResponse({ type: DocumentDto })
  financeWorkbook(@CurrentActor() actor: Actor, @Body() dto: GenerateFinanceWorkbookDto, @Req() req: { id?: string }): Promise<DocumentDto> {
    return this.generation.financeWorkbook(actor, dto, req.id);
  }
}
