/** The CLI's --help text; docs/cli.md is the full reference. */
export const USAGE = `Usage: litemaas-model-sync [sync] [options]     sync once (the default command)
       litemaas-model-sync runs [--limit N] [--json] list recorded runs, newest first
       litemaas-model-sync runs <run-id> [--json]    show one recorded run
       litemaas-model-sync runs <run-id> --changes   what the run did to each model, column by column
       litemaas-model-sync history <model-id>        what the sync did to one model, newest first
       litemaas-model-sync status [--json]           the sync's health, as GET /sync/status
       litemaas-model-sync models [--json]           the models rows, as LiteMaaS users see them
       litemaas-model-sync demo                      a real LiteLLM proxy with a sample catalog,
                                                     synced twice; nothing to set up (npm run demo)
       npm run -s sync -- [options]                  the same from a checkout

Syncs the LiteMaaS "models" table with the models a LiteLLM proxy serves.

Options:
  --litellm-url URL        LiteLLM proxy base URL (default: $LITELLM_API_URL)
  --database-url URL       PostgreSQL URL without a password (ps shows it; use $DATABASE_URL
                           or ~/.pgpass); default: $DATABASE_URL, else an embedded
                           PostgreSQL kept in the data directory
  --data-dir DIR           The embedded PostgreSQL's data directory (default: $MODEL_SYNC_DATA_DIR,
                           else $XDG_DATA_HOME/litemaas-model-sync/postgres,
                           else ~/.local/share/litemaas-model-sync/postgres;
                           for root /var/lib/litemaas-model-sync/postgres)
  --dry-run                Show what would change; change and record nothing, schema included
  --force-update           Rewrite every model row, even unchanged ones
  --no-mark-unavailable    Do not retire models that LiteLLM no longer lists
  --force                  Override the mass-retirement guard
  --include GLOB           Publish only model names matching GLOB (repeatable; * any run,
                           / included, ? one character; default: $SYNC_INCLUDE, comma-separated)
  --exclude GLOB           Never publish names matching GLOB; wins over --include
                           (repeatable; default: $SYNC_EXCLUDE)
  --include-team-models    Publish team-only (BYOK) models too ($SYNC_INCLUDE_TEAM_MODELS=true)
  --new-models-restricted  Insert new models with restricted_access = true, so subscriptions
                           need admin approval ($SYNC_NEW_MODELS_RESTRICTED=true)
  --retire-after-missed-runs N
                           Retire a model only after N successive runs missed it
                           (default: $SYNC_RETIRE_AFTER_MISSED_RUNS, else 1 = at once)
  --no-litemaas-audit      Write no row to LiteMaaS's audit_logs ($SYNC_LITEMAAS_AUDIT=false)
  --limit N                With "runs": how many runs to list (default 20, at most 100);
                           with "history": how many entries (default 50, at most 200)
  --changes                With "runs <run-id>": list the run's change journal
  --events                 Also print the EventBridge change events the run would publish
                           (with --json: added to the result as "events"; docs/events.md)
  --json                   Print only the result as JSON (a failure's reason still goes to stderr)
  -h, --help               Show this help
  -V, --version            Show the version

Environment:
  LITELLM_API_URL          LiteLLM proxy base URL
  LITELLM_API_KEY          LiteLLM master key (required to sync; never passed as a flag)
  DATABASE_URL             PostgreSQL URL; sslmode=require|verify-full and sslrootcert=FILE work;
                           in the password write @ as %40, # as %23, / as %2F
  MODEL_SYNC_DATA_DIR      The embedded PostgreSQL's data directory
  XDG_DATA_HOME            Base of the default data directory
  SYNC_MAX_RETIRE_FRACTION Largest share of available models one run may retire (default 0.5)
  LITELLM_TIMEOUT_MS       Per-attempt timeout for LiteLLM (default 10000)
  LITELLM_MAX_ATTEMPTS     Attempts for LiteLLM, retrying network errors, 429 and 5xx (default 3)
  LITELLM_MAX_RESPONSE_BYTES  Largest /model/info answer read (default 50000000)
  SYNC_SCHEDULE_ENABLED, SYNC_INTERVAL_MINUTES
                           With "status": the schedule to show (the CLI has none of its own)

Exit codes: 0 success, 1 the sync failed (or the run was not found, or with "status": the last
            run failed), 2 bad usage or configuration, 3 skipped because another sync is running.`;
