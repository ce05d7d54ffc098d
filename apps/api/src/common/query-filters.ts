import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional } from 'class-validator';

/**
 * A list filter that takes one or more of `values`: the parameter repeated (`?status=a&status=b`)
 * or comma-separated (`?status=a,b`).
 */
export function OneOrMoreOf(values: readonly string[]) {
  return applyDecorators(
    ApiPropertyOptional({ enum: values, isArray: true, description: 'one or more statuses: repeat the parameter or separate them by commas' }),
    IsOptional(),
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',') : value)),
    IsArray(),
    ArrayMaxSize(values.length),
    IsIn(values as string[], { each: true }),
  );
}
