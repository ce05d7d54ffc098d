// Lints an OpenAPI document with Redocly's rules (the "recommended" set) and prints the problems
// as JSON. A separate ES-module process, because @redocly/openapi-core is ESM-only and jest runs
// CommonJS. Usage: node test/support/openapi-lint.mjs <openapi.json>
import { readFileSync } from 'node:fs';
import { createConfig, lintFromString } from '@redocly/openapi-core';

const file = process.argv[2];
const config = await createConfig({ extends: ['recommended'] });
const problems = await lintFromString({ source: readFileSync(file, 'utf8'), absoluteRef: file, config });
process.stdout.write(
  JSON.stringify(
    problems.map((p) => ({ severity: p.severity, rule: p.ruleId, message: p.message, where: p.location?.[0]?.pointer })),
  ),
);
