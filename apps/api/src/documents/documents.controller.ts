import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiHeader,
  ApiInternalServerErrorResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiResponse,
  ApiTags,
  ApiUnauthorizedResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Actor } from '@app/common';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ApiErrors, ErrorDto } from '../common/api-errors.decorator';
import { attachmentDisposition } from './content-disposition';
import { DocumentDto, DocumentPageDto, ListDocumentsQuery } from './document.dto';
import { DocumentsService } from './documents.service';

/** Error bodies of the download: JSON, though the success is the file itself. */
const JSON_ERROR = { content: { 'application/json': { schema: { $ref: getSchemaPath(ErrorDto) } } } };

@ApiTags('documents')
@ApiExtraModels(ErrorDto)
@Controller('api/v1/documents')
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Get()
  @ApiOperation({ summary: "The organisation's generated documents (metadata only), e.g. every version of a council paper's PDF", description: 'sort: createdAt (default -createdAt), version' })
  @ApiErrors('badRequest')
  @ApiOkResponse({ type: DocumentPageDto })
  list(@CurrentActor() actor: Actor, @Query() query: ListDocumentsQuery): Promise<DocumentPageDto> {
    return this.documents.list(actor, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'The metadata of a generated document: subject, kind, version, file name, media type, SHA-256, size' })
  @ApiErrors('notFound')
  @ApiOkResponse({ type: DocumentDto })
  get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<DocumentDto> {
    return this.documents.get(actor, id);
  }

  @Get(':id/content')
  @ApiOperation({
    summary: 'Download a generated document',
    description: 'The stored bytes as an attachment, after checking them against the stored SHA-256 (a mismatch is a 500 with an error id, never damaged bytes). The ETag is the SHA-256.',
  })
  @ApiProduces('application/pdf')
  @ApiHeader({ name: 'If-None-Match', required: false, description: 'an ETag received before: 304 when the document still has it' })
  @ApiOkResponse({
    description: 'the document',
    schema: { type: 'string', format: 'binary' },
    headers: {
      ETag: { description: 'the SHA-256 of the content in quotes', schema: { type: 'string' } },
      'Content-Disposition': { description: 'attachment; filename="Vorlage-2021-844-v1.pdf"', schema: { type: 'string' } },
    },
  })
  @ApiResponse({ status: 304, description: 'not modified: the ETag in If-None-Match is current' })
  @ApiUnauthorizedResponse({ description: 'no or invalid credentials', ...JSON_ERROR })
  @ApiNotFoundResponse({ description: 'unknown id (or not of your organisation)', ...JSON_ERROR })
  @ApiInternalServerErrorResponse({ description: 'the stored content does not match its checksum: quote the error id', ...JSON_ERROR })
  async content(@CurrentActor() actor: Actor, @Param('id') id: string, @Headers('if-none-match') ifNoneMatch: string | undefined, @Res() reply: FastifyReply): Promise<void> {
    if (ifNoneMatch !== undefined) {
      const etag = `"${await this.documents.checksum(actor, id)}"`;
      if (matchesEtag(ifNoneMatch, etag)) {
        void reply.status(304).header('ETag', etag).header('Cache-Control', 'private, no-cache').send();
        return;
      }
    }
    const file = await this.documents.content(actor, id);
    void reply
      .status(200)
      .header('Content-Type', file.mediaType)
      .header('Content-Disposition', attachmentDisposition(file.fileName))
      .header('ETag', `"${file.sha256}"`)
      .header('Cache-Control', 'private, no-cache')
      .send(file.content);
  }
}

/** If-None-Match (RFC 9110 § 13.1.2): "*" or a list of entity tags, compared weakly. */
function matchesEtag(header: string, etag: string): boolean {
  return header
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .some((t) => t === '*' || t === etag);
}
