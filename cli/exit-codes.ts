/** Exit codes the CLI documents; see docs/cli.md (a test checks each is there). */
export const EXIT = { success: 0, failed: 1, usage: 2, skipped: 3 } as const;
