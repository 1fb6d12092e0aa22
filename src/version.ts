/**
 * The tool's name and version as written into exported files (TMX header, XLIFF tool, TBX
 * description). The version is package.json's, read once: this file sits one folder below the
 * package root both as src/version.ts (tsx) and as dist/version.js (npm start).
 */
import { readFileSync } from 'node:fs';

export const TOOL_NAME = 'Glossa';

export const TOOL_VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
