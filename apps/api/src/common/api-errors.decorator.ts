import { applyDecorators } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiNotFoundResponse, ApiProperty, ApiPropertyOptional, ApiUnauthorizedResponse } from '@nestjs/swagger';

export class FieldProblemDto {
  @ApiProperty({ example: 'dueOn' }) field!: string;
  @ApiProperty({ example: 'dueOn must be a valid calendar date' }) reason!: string;
}

/** The body of every error response (see HttpExceptionFilter). */
export class ErrorDto {
  @ApiProperty({ example: 400 }) statusCode!: number;
  @ApiProperty({ example: 'validation_failed' }) error!: string;
  @ApiProperty() message!: string;
  @ApiPropertyOptional({ type: [FieldProblemDto] }) problems?: FieldProblemDto[];
  @ApiPropertyOptional({ description: 'only on 500: quote it when reporting the error' }) errorId?: string;
  @ApiPropertyOptional() requestId?: string;
}

/** Documents the error responses an endpoint can give. */
export function ApiErrors(...kinds: Array<'badRequest' | 'notFound' | 'conflict'>) {
  const decorators = [ApiUnauthorizedResponse({ type: ErrorDto, description: 'no or invalid credentials' })];
  if (kinds.includes('badRequest')) decorators.push(ApiBadRequestResponse({ type: ErrorDto, description: 'invalid input: each problem names its field' }));
  if (kinds.includes('notFound')) decorators.push(ApiNotFoundResponse({ type: ErrorDto, description: 'unknown id (or not of your organisation)' }));
  if (kinds.includes('conflict')) decorators.push(ApiConflictResponse({ type: ErrorDto, description: 'state conflict or a concurrent change' }));
  return applyDecorators(...decorators);
}
