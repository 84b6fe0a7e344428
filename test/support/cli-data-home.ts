import { afterAll } from 'vitest';
import { removeCliDataHome } from './cli-data-dir.js';

/**
 * A setup file of every test file (reused workers): after each file, the XDG data home its CLI
 * runs used goes, so that the next file starts without it.
 */
afterAll(removeCliDataHome);
