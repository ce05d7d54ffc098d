import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Locates the repository's `templates/` folder (fonts and layout travel there as assets), from
 * the source tree (libs/documents/src) as well as from a build (dist/libs/documents/src).
 */
let templatesDir: string | undefined;

export function resolveTemplatesDir(): string {
  if (templatesDir) return templatesDir;
  let dir = __dirname;
  for (;;) {
    const candidate = join(dir, 'templates');
    if (existsSync(join(candidate, 'fonts'))) {
      templatesDir = candidate;
      return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(`templates/fonts not found above ${__dirname}`);
    }
    dir = parent;
  }
}

export function templatePath(...segments: string[]): string {
  return join(resolveTemplatesDir(), ...segments);
}
