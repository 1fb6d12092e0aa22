/**
 * Configuration from the environment: the one module of src/ that reads process.env. Every
 * variable is validated here; a bad value is a ConfigError naming the variable, what it must be
 * and what it was (the CLI exits 2 with that line, the server refuses to start).
 * Other modules get the values as parameters or from a loaded Config.
 */
import { isIP } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import type { z as Zod } from 'zod';

export interface Config {
  dbUrl: string;
  dbAuthToken: string | undefined;
  port: number;
  host: string;
  token: string | undefined;
  /** Largest request body accepted by write routes, in bytes. */
  maxBodyBytes: number;
  /**
   * Largest body of POST /api/check, in bytes (GLOSSA_MAX_BODY still applies when smaller): a
   * check holds every unit of its input and works on them all, so its limit is far below an
   * import's, which streams into the database.
   */
  maxCheckBodyBytes: number;
  /** Longest query string parameter accepted, in characters. */
  maxQueryChars: number;
  corpusDir: string;
  /** Most units in the TM for which an ingest re-runs term extraction by itself. */
  extractMaxUnits: number;
  /** Where derived data files (dictionary, lexicon and segmenter indexes) are cached. */
  cacheDir: string;
  /** How long a write waits for another process's write lock before it fails as busy (ms). */
  busyTimeoutMs: number;
  /**
   * How long the server gives a request to arrive whole, in ms (0: no limit): an import's body
   * is read as fast as it is stored, so a large one takes minutes on a busy machine.
   */
  requestTimeoutMs: number;
  /** Base URL of the docs pages (ends with /): SARIF reports link each rule's help there. */
  docsUrl: string;
}

export type Env = Readonly<Record<string, string | undefined>>;

export const DEFAULT_DB_URL = 'file:data/glossa.db';
/** Default of GLOSSA_EXTRACT_MAX_UNITS. */
export const AUTO_EXTRACT_MAX_UNITS = 20_000;
/**
 * Default of GLOSSA_MAX_CHECK_BODY: a check holds its units and works on all of them at once
 * (consistency across units), so a body this large keeps the server well under 1 GB
 * (bench/check-body.ts).
 */
export const DEFAULT_MAX_CHECK_BODY = 8 * 1024 ** 2;

/** A variable whose value cannot be used; the message names it. */
export class ConfigError extends Error {
  readonly variable: string;
  constructor(variable: string, message: string) {
    super(message);
    this.name = 'ConfigError';
    this.variable = variable;
  }
}

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, kb: 1024, k: 1024, mb: 1024 ** 2, m: 1024 ** 2, gb: 1024 ** 3, g: 1024 ** 3 };

/**
 * Each variable's schema (the message of a failure says what the value must be), made on first
 * use: zod is loaded only when a variable is set. Most runs set none, and zod's modules were a
 * good part of every CLI start and of each import thread's (docs/decisions.md).
 */
function makeSchemas(z: typeof Zod) {
  /** A whole number of bytes, or a size such as 10mb, 512kb, 1.5gb (units of 1024). */
  const size = z.string().transform((v, ctx) => {
    const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(v);
    const unit = m ? SIZE_UNITS[m[2]!.toLowerCase()] : undefined;
    const n = m && unit !== undefined ? Math.floor(Number(m[1]) * unit) : NaN;
    if (!Number.isSafeInteger(n) || (unit === 1 && m![1]!.includes('.'))) {
      ctx.addIssue({ code: 'custom', message: 'a size like 10mb or a number of bytes' });
      return z.NEVER;
    }
    return n;
  });
  const wholeNumber = (what: string) =>
    z.string().regex(/^\s*\d+\s*$/, what).transform(Number).pipe(z.number().refine(Number.isSafeInteger, what));
  const port = wholeNumber('a port number from 0 to 65535').pipe(z.number().max(65535, 'a port number from 0 to 65535'));
  const host = z.string().refine(isHost, 'an IP address or a host name to listen on');
  const text = z.string();
  /** An absolute URL, as a base (a / is added at its end). */
  const baseUrl = z.string().transform((v, ctx) => {
    if (URL.canParse(v.trim()) && /^[a-z][a-z0-9+.-]*:/i.test(v.trim())) {
      const href = new URL(v.trim()).href;
      return href.endsWith('/') ? href : `${href}/`;
    }
    ctx.addIssue({ code: 'custom', message: 'an absolute URL such as https://example.org/glossa/docs/' });
    return z.NEVER;
  });
  return {
    GLOSSA_DB: text,
    GLOSSA_DB_TOKEN: text,
    PORT: port,
    HOST: host,
    GLOSSA_TOKEN: text,
    GLOSSA_MAX_BODY: size,
    GLOSSA_MAX_CHECK_BODY: size,
    GLOSSA_MAX_QUERY: wholeNumber('a whole number of characters'),
    GLOSSA_CORPUS: text,
    GLOSSA_EXTRACT_MAX_UNITS: wholeNumber('a whole number of units'),
    GLOSSA_CACHE_DIR: text,
    GLOSSA_BUSY_TIMEOUT: wholeNumber('a whole number of milliseconds'),
    GLOSSA_REQUEST_TIMEOUT: wholeNumber('a whole number of seconds'),
    GLOSSA_DOCS_URL: baseUrl,
  } as const;
}
type Schemas = ReturnType<typeof makeSchemas>;
let schemas: Schemas | undefined;

const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
/** An IP address or a host name (what a server can be told to listen on). */
export const isHost = (v: string): boolean => isIP(v) !== 0 || HOSTNAME.test(v);

/** Each variable's default (unset or empty). */
const FALLBACKS = {
  GLOSSA_DB: DEFAULT_DB_URL,
  GLOSSA_DB_TOKEN: undefined,
  PORT: 8787,
  HOST: '127.0.0.1',
  GLOSSA_TOKEN: undefined,
  GLOSSA_MAX_BODY: 1024 ** 3,
  GLOSSA_MAX_CHECK_BODY: DEFAULT_MAX_CHECK_BODY,
  GLOSSA_MAX_QUERY: 2000,
  GLOSSA_CORPUS: 'corpus',
  GLOSSA_EXTRACT_MAX_UNITS: AUTO_EXTRACT_MAX_UNITS,
  GLOSSA_CACHE_DIR: undefined,
  GLOSSA_BUSY_TIMEOUT: 5000,
  GLOSSA_REQUEST_TIMEOUT: 3600,
  GLOSSA_DOCS_URL: undefined,
} as const satisfies Record<keyof Schemas, unknown>;
type Variable = keyof Schemas;
type ValueOf<V extends Variable> = Zod.output<Schemas[V]> | (typeof FALLBACKS)[V];

/** One variable, validated; its default when unset or empty. */
export function readVariable<V extends Variable>(env: Env, name: V): ValueOf<V> {
  const raw = env[name];
  if (raw === undefined || raw === '') return FALLBACKS[name] as ValueOf<V>;
  // zod's CommonJS build: loaded synchronously, and only here.
  schemas ??= makeSchemas((createRequire(import.meta.url)('zod') as { z: typeof Zod }).z);
  const parsed = schemas[name].safeParse(raw);
  if (!parsed.success) throw new ConfigError(name, `${name} must be ${parsed.error.issues[0]?.message ?? 'valid'}, got ${JSON.stringify(raw)}`);
  return parsed.data as ValueOf<V>;
}

/** node_modules/.cache/glossa of this checkout (src/ and dist/ are both one level below it). */
const DEFAULT_CACHE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', '.cache', 'glossa');

/** The docs/ folder of this checkout, as a file: URL (src/ and dist/ are both one level below it). */
const DEFAULT_DOCS_URL = `${pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), '..', 'docs')).href}/`;

/**
 * Read and validate every variable (throws ConfigError on the first bad one); `overrides` (the
 * CLI's --db) take the place of the environment's values.
 */
export function loadConfig(environment: Env = process.env, overrides: Env = {}): Config {
  const env = { ...environment, ...overrides };
  return {
    dbUrl: readVariable(env, 'GLOSSA_DB'),
    dbAuthToken: readVariable(env, 'GLOSSA_DB_TOKEN'),
    port: readVariable(env, 'PORT'),
    host: readVariable(env, 'HOST'),
    token: readVariable(env, 'GLOSSA_TOKEN'),
    maxBodyBytes: readVariable(env, 'GLOSSA_MAX_BODY'),
    maxCheckBodyBytes: readVariable(env, 'GLOSSA_MAX_CHECK_BODY'),
    maxQueryChars: readVariable(env, 'GLOSSA_MAX_QUERY'),
    corpusDir: readVariable(env, 'GLOSSA_CORPUS'),
    extractMaxUnits: autoExtractMaxUnits(env),
    cacheDir: cacheDir(env),
    busyTimeoutMs: readVariable(env, 'GLOSSA_BUSY_TIMEOUT'),
    requestTimeoutMs: readVariable(env, 'GLOSSA_REQUEST_TIMEOUT') * 1000,
    docsUrl: readVariable(env, 'GLOSSA_DOCS_URL') ?? DEFAULT_DOCS_URL,
  };
}

/**
 * GLOSSA_EXTRACT_MAX_UNITS, for the ingest that runs extraction after it (src/extract/index.ts)
 * when its caller passes no limit of its own.
 */
export function autoExtractMaxUnits(env: Env = process.env): number {
  return readVariable(env, 'GLOSSA_EXTRACT_MAX_UNITS');
}

/** Why extraction did not run after an ingest: the TM holds more units than the limit. */
export function extractionSkippedNote(total: number, maxUnits: number): string {
  return `the TM holds ${total.toLocaleString('en-US')} units, more than ${maxUnits.toLocaleString('en-US')} (GLOSSA_EXTRACT_MAX_UNITS): term extraction did not run after this import; run \`glossa extract\``;
}

/** GLOSSA_CACHE_DIR, for the modules that cache derived data files (read when they first need it). */
export function cacheDir(env: Env = process.env): string {
  return readVariable(env, 'GLOSSA_CACHE_DIR') ?? DEFAULT_CACHE_DIR;
}
