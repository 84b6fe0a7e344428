/**
 * The one rule for "running on CI", which every suite that needs an installed tool applies: on CI a
 * missing tool fails its suite, on a laptop it is skipped with a note. `CI` counts when it is set
 * to anything but an empty string or `false` (any case); GitHub Actions, GitLab and most runners
 * set `CI=true`.
 *
 * @example
 * runningOnCi({ CI: 'true' }); // true
 * runningOnCi({ CI: '' }); // false
 */
export function runningOnCi(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  const value = env.CI?.trim().toLowerCase();
  return value !== undefined && value !== '' && value !== 'false';
}
