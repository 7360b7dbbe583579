/**
 * Build step (`npm run build`, after tsc): writes the precompiled first-error validators of Marathon's app schema
 * beside dist/src/core/validation/precompiled.js. Atomic, so an interrupted build never leaves half a module.
 */
import { renameSync, writeFileSync } from 'node:fs';

import { PRECOMPILED_FILE, precompiledSource } from '../core/validation/precompiled.js';

const temporary = `${PRECOMPILED_FILE}.${process.pid}.tmp`;
writeFileSync(temporary, precompiledSource());
renameSync(temporary, PRECOMPILED_FILE);
