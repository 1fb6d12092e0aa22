/** Configuration, read once at start from the environment (see README "Configuration"). */
export interface Config {
  dbUrl: string;
  dbAuthToken: string | undefined;
  port: number;
  host: string;
  token: string | undefined;
  /** Largest request body accepted by write routes, in bytes. */
  maxBodyBytes: number;
  /** Longest query string parameter accepted, in characters. */
  maxQueryChars: number;
  corpusDir: string;
}

export const DEFAULT_DB_URL = 'file:data/glossa.db';

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    dbUrl: env.GLOSSA_DB ?? DEFAULT_DB_URL,
    dbAuthToken: env.GLOSSA_DB_TOKEN,
    port: intFrom(env.PORT, 8787),
    host: env.HOST ?? '127.0.0.1',
    token: env.GLOSSA_TOKEN && env.GLOSSA_TOKEN.length > 0 ? env.GLOSSA_TOKEN : undefined,
    maxBodyBytes: intFrom(env.GLOSSA_MAX_BODY, 1024 * 1024 * 1024),
    maxQueryChars: intFrom(env.GLOSSA_MAX_QUERY, 2000),
    corpusDir: env.GLOSSA_CORPUS ?? 'corpus',
  };
}

function intFrom(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`not a whole number: ${value}`);
  return n;
}
