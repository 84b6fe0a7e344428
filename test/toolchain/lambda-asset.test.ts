/**
 * The Lambda packages the CDK stack deploys, bundled for real (the other infra tests skip bundling):
 * each is the folder `npm run build` makes for the same handler, file for file, and holds every
 * module its files import, the chunks only postgres mode loads included. A package that lacked a
 * chunk would fail only when that import runs, in the account.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncFunction } from '../../infra/constructs/sync-function.js';
import { HANDLERS } from '../../scripts/handler-bundles.js';
import { bundleFiles, packageContents, relativeImports } from '../support/bundle-files.js';
import { builtHandler } from '../support/built-handlers.js';

/** One function that reaches the database (with its postgres-mode chunk) and one that does not. */
const PACKAGED = ['scheduled-sync', 'litemaas-authorizer'] as const;

let outDir: string;
const assetFolders = new Map<string, string>();

beforeAll(() => {
  outDir = mkdtempSync(join(tmpdir(), 'lambda-assets-'));
  // The packages are under test, not the template: CDK's built-in validation is left out (test/infra/synth-stack.ts says why).
  const app = new App({ outdir: join(outDir, 'cdk.out'), context: { 'aws:cdk:enable-asset-metadata': true }, builtinCloudFormationValidation: false });
  const stack = new Stack(app, 'Packages');
  const functions = PACKAGED.map(
    (name) =>
      [name, new SyncFunction(stack, name, { entryFile: basename(HANDLERS[name]), description: name, timeout: Duration.seconds(10), environment: {} })] as const,
  );
  const assembly = app.synth();
  const resources = (assembly.getStackArtifact(stack.artifactId).template as { Resources: Record<string, { Metadata?: Record<string, string> }> }).Resources;
  for (const [name, fn] of functions) {
    const assetPath = resources[stack.getLogicalId(fn.node.defaultChild as CfnFunction)]?.Metadata?.['aws:asset:path'];
    if (assetPath !== undefined) assetFolders.set(name, join(assembly.directory, assetPath));
  }
}, 180_000);
afterAll(() => {
  rmSync(outDir, { recursive: true, force: true });
});

describe('The Lambda packages of the CDK stack', () => {
  for (const name of PACKAGED) {
    it(`It should package ${name} exactly as npm run build bundles it`, async () => {
      // Prepare
      const asset = assetFolders.get(name);
      const { folder: built } = await builtHandler(name);

      // Assess
      expect(asset).toBeDefined();
      expect(packageContents(asset ?? '')).toEqual(packageContents(built));
    });

    it(`It should hold every module the files of ${name} import`, () => {
      // Prepare
      const asset = assetFolders.get(name) ?? '';

      // Act
      const imports = bundleFiles(asset).flatMap((path) => relativeImports(join(asset, path)).map((target) => join(asset, dirname(path), target)));

      // Assess
      expect(imports.length).toBeGreaterThan(0);
      expect(imports.filter((target) => !existsSync(target))).toEqual([]);
    });
  }

  it('It should put the postgres-mode code in a chunk the handler imports only dynamically', () => {
    // Prepare
    const asset = assetFolders.get('scheduled-sync') ?? '';

    // Act
    const dynamic = readFileSync(join(asset, 'index.mjs'), 'utf8').match(/import\("\.\/(chunks\/postgres-database-[A-Z0-9]+\.mjs)"\)/)?.[1];

    // Assess
    expect(bundleFiles(asset).filter((path) => path.startsWith('chunks/postgres-database-'))).toEqual([dynamic]);
  });
});
