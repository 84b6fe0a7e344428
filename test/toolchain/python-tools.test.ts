import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runningOnCi } from '../support/ci.js';
import { REPO } from '../support/run-cli.js';

// The install scripts run in a throw-away copy of scripts/, so every .venv they make or remove is
// the copy's own: the checkout's (often shared) .venv is never touched. A rebuild is given a Python
// that passes the version check and then fails, so it stops at once instead of downloading.
const CFN_LINT_PIN = '1.58.0';
const INSTALLED_INTERPRETER = join(REPO, '.venv', 'cfn-lint', 'bin', 'python');
const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function checkoutCopy(): string {
  const root = mkdtempSync(join(tmpdir(), 'model-sync-tools-'));
  made.push(root);
  cpSync(join(REPO, 'scripts'), join(root, 'scripts'), { recursive: true });
  return root;
}

/** A cfn-lint environment as pip leaves it: an entry point whose #! names its interpreter. */
function fakeEnvironment(root: string, interpreter: string): void {
  const bin = join(root, '.venv', 'cfn-lint', 'bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, 'cfn-lint'), `#!${interpreter}\nimport sys\nsys.exit(0)\n`);
  chmodSync(join(bin, 'cfn-lint'), 0o755);
  // What the earlier script trusted: a stamp of the pins, written after a successful install.
  const pins = createHash('sha256').update(`${CFN_LINT_PIN}\n${readFileSync(join(root, 'scripts', 'cfn-lint', 'constraints.txt'), 'utf8')}`).digest('hex');
  writeFileSync(join(root, '.venv', 'cfn-lint', '.installed-pins'), `${pins}\n`);
}

/** A "python" that answers the version check with `versionCheck` and fails everything else. */
function fakePython(root: string, versionCheck: string): string {
  const python = join(root, 'fake-python');
  writeFileSync(python, `#!/bin/sh\ncase "$*" in *'sys.version_info'*) ${versionCheck};; *) exit 9;; esac\n`);
  chmodSync(python, 0o755);
  return python;
}

function run(script: string, env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('bash', [script], { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, timeout: 120_000 }, (error, stdout, stderr) =>
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr }),
    );
  });
}

const hasInstalledCfnLint = existsSync(INSTALLED_INTERPRETER);

describe('the pinned Python tools', () => {
  // On CI the tools are always installed (npm test installs them first): a missing one fails there.
  it.skipIf(!hasInstalledCfnLint && !runningOnCi())('It should call a tool installed when its entry point runs and reports the pin', async () => {
    const root = checkoutCopy();
    fakeEnvironment(root, realpathSync(join(REPO, '.venv', 'cfn-lint')) + '/bin/python');
    rmSync(join(root, '.venv', 'cfn-lint', '.installed-pins'));
    const outcome = await run(join(root, 'scripts', 'cfn-lint', 'install.sh'), {});
    expect(outcome.stdout.trim()).toBe(`cfn-lint ${CFN_LINT_PIN} is already installed in .venv/cfn-lint`);
    expect(outcome.code).toBe(0);
  });

  it('It should rebuild an environment that moved with its checkout, whatever a stamp says', async () => {
    const root = checkoutCopy();
    fakeEnvironment(root, join(root, 'moved-away', '.venv', 'cfn-lint', 'bin', 'python'));
    const outcome = await run(join(root, 'scripts', 'cfn-lint', 'install.sh'), { LITELLM_PYTHON: fakePython(root, 'exit 0') });
    expect(outcome.stdout).not.toContain('already installed');
    expect(outcome.stdout).toContain(`Installing cfn-lint ${CFN_LINT_PIN} into .venv/cfn-lint (the environment there does not run (moved or copied?)`);
  });

  describe('without Python 3.10 or newer', () => {
    const oldPython = (root: string): string => fakePython(root, 'exit 1');

    it('It should skip their tests with one line on a laptop', async () => {
      const root = checkoutCopy();
      const outcome = await run(join(root, 'scripts', 'python-tools', 'ensure.sh'), { LITELLM_PYTHON: oldPython(root) });
      expect(outcome.code).toBe(0);
      expect(outcome.stdout).toMatch(/^Skipping the real LiteLLM proxy and cfn-lint tests: no Python 3\.10 or newer \(install python3 and python3-venv to run them\)\.\n$/);
      expect(existsSync(join(root, '.venv'))).toBe(false);
    });

    it('It should fail on CI', async () => {
      const root = checkoutCopy();
      const outcome = await run(join(root, 'scripts', 'python-tools', 'ensure.sh'), { LITELLM_PYTHON: oldPython(root), CI: 'true' });
      expect(outcome.code).toBe(1);
      expect(outcome.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^CI needs Python 3\.10 or newer/)]);
    });
  });

  it('It should be installed by npm test itself, before anything else', () => {
    const { scripts } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(scripts.test).toMatch(/^bash scripts\/python-tools\/ensure\.sh && /);
    expect(scripts['setup:python']).toBeUndefined();
  });
});
