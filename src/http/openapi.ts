/** /api/openapi.json, generated from the same zod schemas the routes validate with. */
import { z } from 'zod';
import * as S from './schemas.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';

export interface RouteDoc {
  method: 'get' | 'post' | 'patch' | 'delete';
  path: string;
  summary: string;
  query?: z.ZodObject;
  params?: z.ZodObject;
  body?: z.ZodType;
  bodyType?: string;
  response?: z.ZodType;
  responseType?: string;
  status?: number;
  write?: boolean;
}

export const ROUTES: RouteDoc[] = [
  { method: 'get', path: '/api/health', summary: 'liveness and database check', response: S.HealthResponse },
  { method: 'get', path: '/api/stats', summary: 'units per language pair and terms', response: S.StatsResponse },
  { method: 'get', path: '/api/terms', summary: 'term look-up: exact, then folded (script, width, case, inflection), then pinyin (full, then initials), then fuzzy hits, each marked', query: S.TermsQuery, response: S.TermsResponse },
  { method: 'post', path: '/api/terms', summary: 'add a term entry', body: S.NewTermBody, response: S.EntryResponse, status: 201, write: true },
  { method: 'patch', path: '/api/terms/{id}', summary: 'change a term entry', params: S.IdParam, body: S.PatchTermBody, response: S.EntryResponse, write: true },
  { method: 'delete', path: '/api/terms/{id}', summary: 'delete a term entry', params: S.IdParam, write: true },
  { method: 'get', path: '/api/tm', summary: 'fuzzy TM search, best first; score 0–100, 100 only for an exact match', query: S.TmQuery, response: S.TmResponse },
  { method: 'post', path: '/api/import', summary: 'import one file (query format=tmx|xliff12|xliff20|tbx|csv|tsv|po|txt) in one transaction', bodyType: 'application/octet-stream', status: 201, write: true },
  { method: 'get', path: '/api/export/{format}', summary: 'export the TM and glossary (tmx|xliff12|xliff20|tbx|csv)', responseType: 'application/octet-stream' },
  { method: 'post', path: '/api/backup', summary: 'write a consistent copy of the live database to a file on the server (409 if it exists and force is not true)', body: S.BackupBody, response: S.BackupResponse, status: 201, write: true },
  { method: 'get', path: '/api/audit', summary: 'how the TM renders each glossary term (or ?term=): renderings with counts and example unit ids, units without an accepted rendering, a verdict (disagrees, split, consistent, unused)', query: S.AuditQuery, response: S.AuditResponse },
  { method: 'post', path: '/api/check', summary: 'check a translation (JSON pairs, an XLIFF/TMX body, or a text/csv of pairs: ?format=csv|tsv, ?src=&tgt= for a source,target header) against the glossary and TM; Accept: application/sarif+json answers SARIF 2.1.0 naming the file ?file= gives', bodyType: 'application/json' },
];

function schema(t: z.ZodType): unknown {
  return z.toJSONSchema(t, { io: 'input', unrepresentable: 'any' });
}

function parameters(obj: z.ZodObject | undefined, where: 'query' | 'path'): unknown[] {
  if (!obj) return [];
  return Object.entries(obj.shape).map(([name, t]) => {
    const s = schema(t as z.ZodType) as { description?: string };
    return {
      name,
      in: where,
      required: where === 'path' || !(t as z.ZodType).safeParse(undefined).success,
      ...(s.description ? { description: s.description } : {}),
      schema: s,
    };
  });
}

export function openApiDocument(options: { tokenRequired: boolean }): unknown {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of ROUTES) {
    const error = { description: 'error', content: { 'application/json': { schema: schema(S.ErrorResponse) } } };
    const ok = r.response
      ? { description: 'ok', content: { 'application/json': { schema: schema(r.response) } } }
      : { description: 'ok', ...(r.responseType ? { content: { [r.responseType]: {} } } : {}) };
    const op: Record<string, unknown> = {
      summary: r.summary,
      parameters: [...parameters(r.params, 'path'), ...parameters(r.query, 'query')],
      responses: { [String(r.status ?? 200)]: ok, '400': error, ...(r.write ? { '401': error, '413': error } : {}), '404': error },
    };
    if (r.body) op.requestBody = { required: true, content: { 'application/json': { schema: schema(r.body) } } };
    else if (r.bodyType) op.requestBody = { required: true, content: { [r.bodyType]: {} } };
    if (r.write && options.tokenRequired) op.security = [{ bearer: [] }];
    (paths[r.path] ??= {})[r.method] = op;
  }
  return {
    openapi: '3.1.0',
    info: { title: TOOL_NAME, version: TOOL_VERSION, description: 'Terminology and translation-memory server. Errors are {"error": {"code", "message"}}.' },
    paths,
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'GLOSSA_TOKEN; needed for writes when the server has one' } } },
  };
}
