import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQuery } from '../common/pagination';

const NAME = /^[a-z][a-z0-9_]*$/;

export class ListDocumentsQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'council_paper', description: 'what the documents are about, as in the audit log' })
  @IsOptional()
  @MaxLength(100)
  @Matches(NAME, { message: 'subjectType must be a lower-case name such as council_paper' })
  subjectType?: string;

  @ApiPropertyOptional({ description: 'the id of the subject' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  subjectId?: string;

  @ApiPropertyOptional({ example: 'council_paper_pdf' })
  @IsOptional()
  @MaxLength(100)
  @Matches(NAME, { message: 'kind must be a lower-case name such as council_paper_pdf' })
  kind?: string;
}

/** A generated document's metadata; its bytes come from `contentUrl`. */
export class DocumentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'council_paper_pdf' }) kind!: string;
  @ApiProperty({ example: 'council_paper' }) subjectType!: string;
  @ApiProperty() subjectId!: string;
  @ApiProperty({ example: 1, description: '1, 2, … per subject and kind; a new rendering is a new version, earlier ones stay' }) version!: number;
  @ApiProperty({ example: 'Vorlage-2021-844-v1.pdf' }) fileName!: string;
  @ApiProperty({ example: 'application/pdf' }) mediaType!: string;
  @ApiProperty({ example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', description: 'hex SHA-256 of the content (also its ETag)' }) sha256!: string;
  @ApiProperty({ example: 48213 }) sizeBytes!: number;
  @ApiProperty({ example: 'user:6f1c…', description: 'who generated it, as in the audit log' }) createdBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ example: '/api/v1/documents/0b4e…/content' }) contentUrl!: string;
}

export class DocumentPageDto {
  @ApiProperty({ type: [DocumentDto] }) items!: DocumentDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}
