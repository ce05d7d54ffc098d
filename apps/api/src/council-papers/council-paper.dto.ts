import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { OneOrMoreOf } from '../common/query-filters';
import { CONSULTATION_ROLES, PAPER_STATUSES, PAPER_TYPES, type ConsultationRole, type PaperStatus, type PaperType } from '@app/database';
import { PageQuery } from '../common/pagination';
import { MAX_CONSULTATIONS, PAPER_NUMBER } from './council-paper-rules';

/*
 * Requests and responses of the council-paper API (Vorlage with its Beratungsfolge). Field names
 * follow the domain model (and OParl where it has a name); money is integer cents, dates are
 * calendar dates YYYY-MM-DD. The status is changed only by the release endpoint.
 */

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const CENTS = { type: 'integer', format: 'int64', minimum: 0, maximum: Number.MAX_SAFE_INTEGER } as const;
const MAX_PARAGRAPHS = 200;
const MAX_PARAGRAPH = 20000;
const NUMBER_MESSAGE = 'number must be a Vorlagennummer YYYY/N, e.g. 2021/844';

function CalendarDate(name: string) {
  return applyDecorators(
    Matches(DATE, { message: `${name} must be a date YYYY-MM-DD` }),
    IsISO8601({ strict: true }, { message: `${name} must be a valid calendar date` }),
  );
}

function Paragraphs() {
  return applyDecorators(
    IsOptional(),
    IsArray(),
    ArrayMaxSize(MAX_PARAGRAPHS),
    IsString({ each: true }),
    IsNotEmpty({ each: true, message: 'each paragraph of $property must be a non-empty text' }),
    MaxLength(MAX_PARAGRAPH, { each: true }),
  );
}

const paragraphsDoc = (what: string): ApiPropertyOptions => ({ type: [String], maxItems: MAX_PARAGRAPHS, description: `${what}: one entry per paragraph` });

// ------------------------------------------------------------------------------------------------ requests

/** Relevanz: the cross-cutting concerns the paper touches (absent flags are false). */
export class RelevanceInput {
  @ApiPropertyOptional({ default: false }) @IsOptional() @IsBoolean() genderMainstreaming?: boolean;
  @ApiPropertyOptional({ default: false }) @IsOptional() @IsBoolean() migration?: boolean;
  @ApiPropertyOptional({ default: false, description: 'Prävention/Nachhaltigkeit' }) @IsOptional() @IsBoolean() preventionSustainability?: boolean;
  @ApiPropertyOptional({ default: false, description: 'Bildung' }) @IsOptional() @IsBoolean() education?: boolean;
  @ApiPropertyOptional({ default: false, description: 'Klima-/Umwelt-/Naturschutz' }) @IsOptional() @IsBoolean() climate?: boolean;
}

/** Sachdarstellung. On a change, each section given replaces that section; the others stay. */
export class SectionsInput {
  @ApiPropertyOptional(paragraphsDoc('Inhaltsbeschreibung')) @Paragraphs() description?: string[];
  @ApiPropertyOptional(paragraphsDoc('Ziele / Wirkungen')) @Paragraphs() goals?: string[];
  @ApiPropertyOptional(paragraphsDoc('Ressourceneinsatz')) @Paragraphs() resources?: string[];
  @ApiPropertyOptional(paragraphsDoc('Schlussfolgerung')) @Paragraphs() conclusion?: string[];
  @ApiPropertyOptional(paragraphsDoc('Beschlussvorschlag (Beschlussvorlage only)')) @Paragraphs() decisionProposal?: string[];
}

/** An Anlage. */
export class AttachmentInput {
  @ApiProperty({ example: 'Konzept Präventionskette', maxLength: 300 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  title!: string;
}

/** One step of the Beratungsfolge; the order of the list is the order of consultation. */
export class ConsultationInput {
  @ApiProperty({ format: 'uuid', description: 'a committee of your organisation' })
  @IsUUID()
  committeeId!: string;

  @ApiProperty({ format: 'date', example: '2021-04-26', description: 'not before the session of the step before' })
  @CalendarDate('sessionDate')
  sessionDate!: string;

  @ApiProperty({ enum: CONSULTATION_ROLES, description: 'acknowledgement: Kenntnisnahme, preliminary: Vorberatung, decision: Entscheidung' })
  @IsIn(CONSULTATION_ROLES)
  role!: ConsultationRole;

  @ApiPropertyOptional({ default: true, description: 'Ö (true) or N (false)' })
  @IsOptional()
  @IsBoolean()
  isPublic?: boolean;

  @ApiPropertyOptional({ default: false, description: 'this consultation decides (OParl authoritative); at most one, with role decision' })
  @IsOptional()
  @IsBoolean()
  authoritative?: boolean;
}

/** The fields a paper is written with (shared by create and change). */
class CouncilPaperFields {
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'the application the paper is about' })
  @IsOptional()
  @IsUUID()
  applicationId?: string | null;

  @ApiPropertyOptional({ default: true, description: 'Status öffentlich (true) / nichtöffentlich (false)' })
  @IsOptional()
  @IsBoolean()
  isPublic?: boolean;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Beteiligt: departments of your organisation, without the lead department' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  participatingDepartmentIds?: string[];

  @ApiPropertyOptional({ type: Boolean, nullable: true, description: 'Im Budget enthalten; required when costCents is given' })
  @IsOptional()
  @IsBoolean()
  costsInBudget?: boolean | null;

  @ApiPropertyOptional({ ...CENTS, nullable: true, example: 5670000, description: 'Kosten (Betrag in €) in cents; null: no costs' })
  @IsOptional()
  @IsInt({ message: '$property must be an integer number of cents' })
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  costCents?: number | null;

  @ApiPropertyOptional({ default: false, description: 'Mitwirkung Landrat' })
  @IsOptional()
  @IsBoolean()
  countyExecutiveInvolved?: boolean;

  @ApiPropertyOptional({ default: false, description: 'Qualifizierte Mehrheit' })
  @IsOptional()
  @IsBoolean()
  qualifiedMajority?: boolean;

  @ApiPropertyOptional({ type: RelevanceInput })
  @IsOptional()
  @ValidateNested()
  @Type(() => RelevanceInput)
  relevance?: RelevanceInput;

  @ApiPropertyOptional({ type: SectionsInput })
  @IsOptional()
  @ValidateNested()
  @Type(() => SectionsInput)
  sections?: SectionsInput;

  @ApiPropertyOptional({ type: [String], example: ['2020/608'], description: 'Bezugsvorlagen by number (OParl relatedPaper)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @Matches(PAPER_NUMBER, { each: true, message: 'each of relatedPaperNumbers must be a Vorlagennummer YYYY/N, e.g. 2020/608' })
  relatedPaperNumbers?: string[];

  @ApiPropertyOptional({ type: [AttachmentInput], description: 'Anlagen' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => AttachmentInput)
  attachments?: AttachmentInput[];

  @ApiPropertyOptional({ type: [ConsultationInput], description: `the Beratungsfolge in order (at most ${MAX_CONSULTATIONS}); on a change it replaces the whole list` })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_CONSULTATIONS)
  @ValidateNested({ each: true })
  @Type(() => ConsultationInput)
  consultations?: ConsultationInput[];
}

/** A new Vorlage, as a draft. Without a number, the next one of the paper date's year is allocated. */
export class CreateCouncilPaperDto extends CouncilPaperFields {
  @ApiPropertyOptional({ example: '2021/844', description: 'Vorlagennummer, unique in your organisation; absent: <year of paperDate>/<next>' })
  @IsOptional()
  @IsString()
  @Matches(PAPER_NUMBER, { message: NUMBER_MESSAGE })
  number?: string;

  @ApiProperty({ enum: PAPER_TYPES, description: 'information: Informationsvorlage, decision: Beschlussvorlage' })
  @IsIn(PAPER_TYPES)
  paperType!: PaperType;

  @ApiProperty({ format: 'date', example: '2021-03-30' })
  @CalendarDate('paperDate')
  paperDate!: string;

  @ApiProperty({ format: 'uuid', description: 'Federführend: a department of your organisation' })
  @IsUUID()
  leadDepartmentId!: string;

  @ApiProperty({ example: '"Präventionsketten Niedersachsen: Gesund aufwachsen für alle Kinder!"', maxLength: 500 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  title!: string;
}

/**
 * Changes to a draft paper: only the fields given change (null clears a nullable field); `version`
 * is the version the change is based on. A released paper is not changed: write a new paper.
 */
export class UpdateCouncilPaperDto extends CouncilPaperFields {
  @ApiProperty({ minimum: 1, description: 'the version of the paper this change is based on' })
  @IsInt()
  @Min(1)
  version!: number;

  @ApiPropertyOptional({ example: '2021/844' })
  @IsOptional()
  @IsString()
  @Matches(PAPER_NUMBER, { message: NUMBER_MESSAGE })
  number?: string;

  @ApiPropertyOptional({ enum: PAPER_TYPES })
  @IsOptional()
  @IsIn(PAPER_TYPES)
  paperType?: PaperType;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @CalendarDate('paperDate')
  paperDate?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  leadDepartmentId?: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  title?: string;
}

/** Release a draft (optimistic locking: the version read). */
export class ReleaseCouncilPaperDto {
  @ApiProperty({ minimum: 1, description: 'the version of the paper the release is based on' })
  @IsInt()
  @Min(1)
  version!: number;
}

/** What a committee did with the paper (the code stored in consultation.outcome), see the council-paper workflow. */
export const CONSULTATION_OUTCOME_CODES = ['acknowledged', 'recommended', 'decided', 'rejected', 'postponed'] as const;

/**
 * The result of a consultation, as the minutes record it. The paper's workflow
 * (`council-paper-<id>`) checks it against the consultation under way: its role allows
 * acknowledged (Kenntnisnahme), recommended/rejected (Vorberatung), decided/rejected
 * (Entscheidung), and postponed (vertagt: to `nextSessionDate` or the committee's next session).
 */
export class RecordOutcomeDto {
  @ApiProperty({ enum: CONSULTATION_OUTCOME_CODES, example: 'acknowledged' })
  @IsIn(CONSULTATION_OUTCOME_CODES)
  outcome!: (typeof CONSULTATION_OUTCOME_CODES)[number];

  @ApiProperty({ example: 'zur Kenntnis genommen', maxLength: 2000, description: 'the recorded wording of the minutes' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  text!: string;

  @ApiPropertyOptional({ format: 'date', description: "only with postponed: the committee's next session (default: the next one entered for the committee)" })
  @IsOptional()
  @CalendarDate('nextSessionDate')
  nextSessionDate?: string;
}

/** A draft Informationsvorlage from an application; without a number the next one of the paper date's year. */
export class CreateDraftFromApplicationDto {
  @ApiPropertyOptional({ example: '2026/112' })
  @IsOptional()
  @IsString()
  @Matches(PAPER_NUMBER, { message: NUMBER_MESSAGE })
  number?: string;

  @ApiPropertyOptional({ format: 'date', description: 'default: today (Europe/Berlin)' })
  @IsOptional()
  @CalendarDate('paperDate')
  paperDate?: string;
}

export class ConsultationParams {
  @ApiProperty({ format: 'uuid' })
  @IsString()
  id!: string;

  @ApiProperty({ minimum: 1, description: 'position of the consultation in the Beratungsfolge (1, 2, …)' })
  @Type(() => Number)
  @IsInt({ message: 'position must be a position in the Beratungsfolge (1, 2, …)' })
  @Min(1)
  @Max(MAX_CONSULTATIONS)
  position!: number;
}

export class ListCouncilPapersQuery extends PageQuery {
  @OneOrMoreOf(PAPER_STATUSES)
  status?: PaperStatus[];

  @ApiPropertyOptional({ enum: PAPER_TYPES })
  @IsOptional()
  @IsIn(PAPER_TYPES)
  type?: PaperType;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  applicationId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'papers consulted by this committee (with sessionFrom/To: in a session of that range)' })
  @IsOptional()
  @IsUUID()
  committeeId?: string;

  @ApiPropertyOptional({ format: 'date', description: 'papers with a consultation on or after this date' })
  @IsOptional()
  @CalendarDate('sessionFrom')
  sessionFrom?: string;

  @ApiPropertyOptional({ format: 'date', description: 'papers with a consultation on or before this date' })
  @IsOptional()
  @CalendarDate('sessionTo')
  sessionTo?: string;

  @ApiPropertyOptional({ maxLength: 200, description: 'the title contains this text (case-insensitive; % and _ are taken literally)' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  q?: string;
}

// ------------------------------------------------------------------------------------------------ responses

export class DepartmentRefDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Fachdienst Gesundheitsamt' }) name!: string;
}

export class RelevanceDto {
  @ApiProperty() genderMainstreaming!: boolean;
  @ApiProperty() migration!: boolean;
  @ApiProperty({ description: 'Prävention/Nachhaltigkeit' }) preventionSustainability!: boolean;
  @ApiProperty({ description: 'Bildung' }) education!: boolean;
  @ApiProperty({ description: 'Klima-/Umwelt-/Naturschutz' }) climate!: boolean;
}

export class SectionsDto {
  @ApiProperty({ type: [String], description: 'Inhaltsbeschreibung' }) description!: string[];
  @ApiProperty({ type: [String], description: 'Ziele / Wirkungen' }) goals!: string[];
  @ApiProperty({ type: [String], description: 'Ressourceneinsatz' }) resources!: string[];
  @ApiProperty({ type: [String], description: 'Schlussfolgerung' }) conclusion!: string[];
  @ApiPropertyOptional({ type: [String], description: 'Beschlussvorschlag: present on a Beschlussvorlage only' }) decisionProposal?: string[];
}

export class AttachmentDto {
  @ApiProperty() title!: string;
}

export class ConsultationDto {
  @ApiProperty({ example: 1 }) position!: number;
  @ApiProperty({ format: 'uuid' }) committeeId!: string;
  @ApiProperty({ example: 'Ausschuss für Gleichstellung, Arbeit und Soziales' }) committeeName!: string;
  @ApiProperty({ format: 'date' }) sessionDate!: string;
  @ApiProperty({ enum: CONSULTATION_ROLES }) role!: ConsultationRole;
  @ApiProperty({ description: 'Ö (true) or N (false)' }) isPublic!: boolean;
  @ApiProperty() authoritative!: boolean;
  @ApiProperty({ type: String, nullable: true, example: 'zur Kenntnis genommen', description: 'null until recorded' }) outcome!: string | null;
}

/** A Vorlage with its Beratungsfolge in order. */
export class CouncilPaperDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '2021/844' }) number!: string;
  @ApiProperty({ enum: PAPER_TYPES }) paperType!: PaperType;
  @ApiProperty({ enum: PAPER_STATUSES, readOnly: true, description: 'draft → released (POST …/release)' }) status!: PaperStatus;
  @ApiProperty() isPublic!: boolean;
  @ApiProperty({ format: 'date' }) paperDate!: string;
  @ApiProperty({ format: 'uuid' }) leadDepartmentId!: string;
  @ApiProperty() leadDepartmentName!: string;
  @ApiProperty({ type: [DepartmentRefDto] }) participatingDepartments!: DepartmentRefDto[];
  @ApiProperty({ type: Boolean, nullable: true }) costsInBudget!: boolean | null;
  @ApiProperty({ ...CENTS, nullable: true }) costCents!: number | null;
  @ApiProperty() countyExecutiveInvolved!: boolean;
  @ApiProperty() qualifiedMajority!: boolean;
  @ApiProperty({ type: RelevanceDto }) relevance!: RelevanceDto;
  @ApiProperty() title!: string;
  @ApiProperty({ type: SectionsDto }) sections!: SectionsDto;
  @ApiProperty({ type: [String] }) relatedPaperNumbers!: string[];
  @ApiProperty({ type: [AttachmentDto] }) attachments!: AttachmentDto[];
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) applicationId!: string | null;
  @ApiProperty({ type: [ConsultationDto] }) consultations!: ConsultationDto[];
  @ApiProperty({ description: 'optimistic-lock version: send it back with a change or the release' }) version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

/** A Vorlage in a list. */
export class CouncilPaperSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '2021/844' }) number!: string;
  @ApiProperty({ enum: PAPER_TYPES }) paperType!: PaperType;
  @ApiProperty({ enum: PAPER_STATUSES }) status!: PaperStatus;
  @ApiProperty() isPublic!: boolean;
  @ApiProperty({ format: 'date' }) paperDate!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ format: 'uuid' }) leadDepartmentId!: string;
  @ApiProperty() leadDepartmentName!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) applicationId!: string | null;
  @ApiProperty({ ...CENTS, nullable: true }) costCents!: number | null;
  @ApiProperty({ description: 'steps of the Beratungsfolge' }) consultationCount!: number;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class CouncilPaperPageDto {
  @ApiProperty({ type: [CouncilPaperSummaryDto] }) items!: CouncilPaperSummaryDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}
