import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BundleOptions } from '@temporalio/worker';
import { repoRoot } from '@app/common';

/**
 * Where the workflow code lives. Compiled runs (dist/) bundle the compiled JavaScript, whose
 * `@app/...` imports tsc-alias has already rewritten; source runs (tests) bundle the TypeScript
 * and teach Temporal's webpack bundler the tsconfig paths.
 */
export function workflowsPath(): string {
  const compiled = path.resolve(__dirname, '../../../workflows/index.js');
  if (fs.existsSync(compiled) && __filename.endsWith('.js')) return compiled;
  return path.join(repoRoot(), 'workflows/index.ts');
}

export function workflowBundlerOptions(entry = workflowsPath()): Pick<BundleOptions, 'workflowsPath' | 'webpackConfigHook'> {
  if (!entry.endsWith('.ts')) return { workflowsPath: entry };
  return {
    workflowsPath: entry,
    webpackConfigHook: (config) => {
      // Loaded lazily: a dev dependency, needed only when bundling TypeScript sources.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { TsconfigPathsPlugin } = require('tsconfig-paths-webpack-plugin') as typeof import('tsconfig-paths-webpack-plugin');
      const plugin = new TsconfigPathsPlugin({ configFile: path.join(repoRoot(), 'tsconfig.json'), extensions: ['.ts', '.js'] });
      config.resolve = config.resolve ?? {};
      config.resolve.plugins = [...(config.resolve.plugins ?? []), plugin];
      return config;
    },
  };
}
