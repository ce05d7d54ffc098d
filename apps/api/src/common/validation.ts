import { ArgumentMetadata, BadRequestException, Injectable, PipeTransform, ValidationError, ValidationPipe } from '@nestjs/common';
import type { FieldProblem } from '@app/common';

function flatten(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((reason) => ({ field, reason }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** Unknown fields are rejected; every problem names its field and the reason. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const problems = flatten(errors);
      return new BadRequestException({
        error: 'validation_failed',
        message: problems.map((p) => `${p.field}: ${p.reason}`).join('; '),
        problems,
      });
    },
  });
}

/** Bounds on every request input, whatever its DTO says: a safeguard behind the DTOs' own limits. */
export const INPUT_BOUNDS = {
  /** characters of one string in a body or query (as long as the longest DTO field allows) */
  stringLength: 20_000,
  /** items of one array */
  arrayItems: 1_000,
  /** nesting of objects and arrays */
  depth: 16,
} as const;

/**
 * Runs before the ValidationPipe on every body and query: refuses overlong strings, huge arrays,
 * deep nesting and the property names of Object.prototype (`constructor`, which the whitelist
 * lets through) with a 400 naming the field, before anything else reads them. Field names
 * follow the ValidationPipe's (`sections.description.3`). Path parameters are bounded by
 * Fastify (maxParamLength, 414).
 */
@Injectable()
export class InputBoundsPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'body' && metadata.type !== 'query') return value;
    const problems: FieldProblem[] = [];
    check(value, metadata.data ?? '', 0, problems);
    if (problems.length === 0) return value;
    throw new BadRequestException({ error: 'validation_failed', message: problems.map((p) => `${p.field}: ${p.reason}`).join('; '), problems });
  }
}

function check(value: unknown, field: string, depth: number, problems: FieldProblem[]): void {
  if (problems.length >= 10) return;
  const name = field || 'body';
  if (typeof value === 'string') {
    if (value.length > INPUT_BOUNDS.stringLength) problems.push({ field: name, reason: `must be at most ${INPUT_BOUNDS.stringLength} characters` });
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (depth >= INPUT_BOUNDS.depth) {
    problems.push({ field: name, reason: `nested more than ${INPUT_BOUNDS.depth} levels deep` });
    return;
  }
  if (Array.isArray(value)) {
    if (value.length > INPUT_BOUNDS.arrayItems) {
      problems.push({ field: name, reason: `must have at most ${INPUT_BOUNDS.arrayItems} items` });
      return;
    }
    value.forEach((item, i) => check(item, field ? `${field}.${i}` : String(i), depth + 1, problems));
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    const name = field ? `${field}.${key}` : key;
    // names of Object.prototype, which the whitelist of the ValidationPipe does not see as unknown
    if (PROTOTYPE_KEYS.has(key)) problems.push({ field: name, reason: `property ${key} should not exist` });
    else check(item, name, depth + 1, problems);
  }
}

const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
