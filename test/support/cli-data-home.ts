import { afterAll } from 'vitest';
import { removeCliDataHome } from './run-cli.js';

/**
 * A setup file of the files on PostgreSQL (project `database-workers`, reused workers): after each
 * file, the XDG data home its CLI runs used goes, so that the next file starts without it.
 */
afterAll(removeCliDataHome);
