/**
 * Configuration from the environment (src/config.ts): defaults, sizes, and a clear one-line
 * refusal naming the variable for each kind of bad value, from the loader, the CLI and `npm start`'s
 * entry (src/main.ts through the CLI).
 */
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { main } from '../src/cli.js';
import { tempDbUrl } from './helpers/cli.js';

function refusal(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error(`accepted ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  it('gives the defaults for unset and empty variables', () => {
    const c = loadConfig({ PORT: '', GLOSSA_MAX_BODY: '' });
    expect(c).toMatchObject({ dbUrl: 'file:data/glossa.db', port: 8787, host: '127.0.0.1', token: undefined, maxBodyBytes: 1024 ** 3, maxQueryChars: 2000, corpusDir: 'corpus', extractMaxUnits: 20_000 });
    expect(c.cacheDir).toMatch(/node_modules[/\\]\.cache[/\\]glossa$/);
    expect(loadConfig({ GLOSSA_CACHE_DIR: '/tmp/x' }).cacheDir).toBe('/tmp/x');
  });

  it('reads sizes as bytes or with a unit of 1024', () => {
    expect(loadConfig({ GLOSSA_MAX_BODY: '4096' }).maxBodyBytes).toBe(4096);
    expect(loadConfig({ GLOSSA_MAX_BODY: '10mb' }).maxBodyBytes).toBe(10 * 1024 * 1024);
    expect(loadConfig({ GLOSSA_MAX_BODY: '512KB' }).maxBodyBytes).toBe(512 * 1024);
    expect(loadConfig({ GLOSSA_MAX_BODY: '1.5gb' }).maxBodyBytes).toBe(1.5 * 1024 ** 3);
  });

  it('refuses a size that is not one, naming the variable and the value', () => {
    expect(refusal({ GLOSSA_MAX_BODY: 'abc' })).toBe('GLOSSA_MAX_BODY must be a size like 10mb or a number of bytes, got "abc"');
    expect(refusal({ GLOSSA_MAX_BODY: '10 parsecs' })).toMatch(/^GLOSSA_MAX_BODY must be a size/);
    expect(refusal({ GLOSSA_MAX_BODY: '-5' })).toMatch(/^GLOSSA_MAX_BODY must be a size/);
    expect(refusal({ GLOSSA_MAX_BODY: '1.5' })).toMatch(/^GLOSSA_MAX_BODY must be a size/);
  });

  it('refuses a bad number', () => {
    expect(refusal({ GLOSSA_MAX_QUERY: '2k' })).toBe('GLOSSA_MAX_QUERY must be a whole number of characters, got "2k"');
    expect(refusal({ GLOSSA_EXTRACT_MAX_UNITS: '-1' })).toBe('GLOSSA_EXTRACT_MAX_UNITS must be a whole number of units, got "-1"');
    expect(refusal({ GLOSSA_REQUEST_TIMEOUT: '5m' })).toBe('GLOSSA_REQUEST_TIMEOUT must be a whole number of seconds, got "5m"');
  });

  it('gives a request an hour to arrive by default, in milliseconds; 0 for no limit', () => {
    expect(loadConfig({}).requestTimeoutMs).toBe(3_600_000);
    expect(loadConfig({ GLOSSA_REQUEST_TIMEOUT: '90' }).requestTimeoutMs).toBe(90_000);
    expect(loadConfig({ GLOSSA_REQUEST_TIMEOUT: '0' }).requestTimeoutMs).toBe(0);
  });

  it('refuses a bad port and a bad bind address', () => {
    expect(refusal({ PORT: 'http' })).toBe('PORT must be a port number from 0 to 65535, got "http"');
    expect(refusal({ PORT: '65536' })).toBe('PORT must be a port number from 0 to 65535, got "65536"');
    expect(refusal({ HOST: 'local host' })).toBe('HOST must be an IP address or a host name to listen on, got "local host"');
    expect(refusal({ HOST: '127.0.0.1:8787' })).toMatch(/^HOST must be/);
    for (const host of ['0.0.0.0', '::', '::1', 'localhost', 'tm.example.org']) expect(loadConfig({ HOST: host }).host).toBe(host);
  });
});

describe('a bad setting at the command line', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('is one line naming the variable and exit 2', async () => {
    vi.stubEnv('GLOSSA_MAX_BODY', 'abc');
    const err = new PassThrough();
    let text = '';
    err.on('data', (c: Buffer) => (text += c.toString()));
    expect(await main(['stats'], new PassThrough(), err)).toBe(2);
    expect(text).toBe('glossa: GLOSSA_MAX_BODY must be a size like 10mb or a number of bytes, got "abc"\n');
  });
});

describe('GLOSSA_EXTRACT_MAX_UNITS reaches the ingest', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('skips extraction after an ingest once the TM holds more units than it allows', async () => {
    const essay = 'corpus/fortune-chokepoint-2025.zh-en.txt';
    const run = async (): Promise<string> => {
      const out = new PassThrough();
      const err = new PassThrough();
      let text = '';
      out.on('data', (c: Buffer) => (text += c.toString()));
      err.on('data', (c: Buffer) => (text += c.toString()));
      expect(await main(['--db', tempDbUrl(), 'ingest', essay], out, err)).toBe(0);
      return text;
    };
    vi.stubEnv('GLOSSA_EXTRACT_MAX_UNITS', '10');
    expect(await run()).toMatch(/more than 10 \(GLOSSA_EXTRACT_MAX_UNITS\): term extraction did not run/);
    vi.stubEnv('GLOSSA_EXTRACT_MAX_UNITS', '1000');
    expect(await run()).toMatch(/[1-9]\d* term entries extracted/);
  });
});
