import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The project folder: the nearest folder above `from` holding package.json. Compiled code
 * (dist/, dist-bench/) has none of its own, so it finds the same folder as the sources do.
 */
export function repoRoot(from: string = __dirname): string {
  let dir = from;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${from}`);
    dir = parent;
  }
  return dir;
}
