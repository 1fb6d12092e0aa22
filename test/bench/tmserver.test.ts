/**
 * The benchmark's peer, Translate Toolkit's tmserver, driven by bench/tmserver.ts on 50 real
 * English → Simplified Chinese pairs (apt's catalog: msgunfmt + po2tmx, see
 * test/fixtures/bench/README.md).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { measureTmserver, normalizeCode, tmserverPrograms, type PeerQuery } from '../../bench/tmserver.js';
import { peerAvailable } from '../helpers/peers.js';

const FIXTURE = resolve(import.meta.dirname, '../fixtures/bench/apt-zh_CN-50.tmx');
const tmx = readFileSync(FIXTURE, 'utf8');
const unescape = (s: string): string => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
const pairs = [...tmx.matchAll(/<tu>\s*<tuv xml:lang="en">\s*<seg>([^<]*)<\/seg>\s*<\/tuv>\s*<tuv xml:lang="zh_CN">\s*<seg>([^<]*)<\/seg>/g)].map((m) => ({ en: unescape(m[1]!), zh: unescape(m[2]!) }));

const MISS_QUERY = "Can not find a package '%s' with version '%s'";
const MISS_EXPECTED = "Can not find version '%s' of package '%s'";

/** The segment without its middle word (as a translator's new sentence differs from the old). */
function dropMiddleWord(text: string): string {
  const words = text.split(' ');
  const k = Math.floor(words.length / 2);
  return [...words.slice(0, k), ...words.slice(k + 1)].join(' ');
}

/** Whether something accepts connections on 127.0.0.1:port. */
function listening(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

/** Processes still holding the database of `dir` open (tmserver's command line names it). */
function processesOf(dir: string): string {
  const out = spawnSync('pgrep', ['-fa', join(dir, 'tm.db')], { encoding: 'utf8' });
  return out.stdout.split('\n').filter((l) => l && !l.includes('pgrep')).join('\n');
}

const work = mkdtempSync(join(tmpdir(), 'glossa-tmserver-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('normalizeCode (how tmserver compares language codes)', () => {
  it('makes zh_CN, zh-CN and zh-cn one code', () => {
    expect(new Set(['zh_CN', 'zh-CN', 'zh-cn'].map(normalizeCode))).toEqual(new Set(['zh-cn']));
    expect(normalizeCode('sr@latin')).toBe('sr-latin');
  });
});

describe('fixture', () => {
  it('holds 50 distinct real sentence pairs, some with characters a URL must escape', () => {
    expect(pairs).toHaveLength(50);
    expect(new Set(pairs.map((p) => p.en)).size).toBe(50);
    for (const ch of ['%', '?', '/', "'", '(']) expect(pairs.some((p) => p.en.includes(ch)), ch).toBe(true);
  });
});

const programs = tmserverPrograms();
const present = peerAvailable('Translate Toolkit tmserver (translate-toolkit, python3-cheroot)', !('missing' in programs));

describe.skipIf(!present)('measureTmserver against the real tmserver', () => {
  it('finds each segment on top for its exact text and with one word dropped, names a miss, then stops the server', async () => {
    const queries: PeerQuery[] = [
      ...pairs.map((p) => ({ text: p.en, expectedSource: p.en })),
      ...pairs.filter((p) => p.en.split(' ').length >= 5).map((p) => ({ text: dropMiddleWord(p.en), expectedSource: p.en })),
      { text: 'The quick brown fox jumps over the lazy dog near the river bank' },
      // Two near-identical apt messages: the query is the first, the expectation the second.
      { text: MISS_QUERY, expectedSource: MISS_EXPECTED },
      // Not sent: an empty text has no URL tmserver routes.
      { text: '' },
      // Fails inside tmserver: its FTS3 query "Could OR NOT OR ..." is malformed (NOT is an operator).
      { text: 'Could NOT connect to the server, connection timed out' },
    ];
    const sent = queries.length - 2;
    const dir = join(work, 'forward');
    const r = await measureTmserver({ tmxPath: FIXTURE, srcLang: 'en', tgtLang: 'zh-CN', queries, workDir: dir, timeoutSeconds: 120, warmup: 5 });

    expect(r.reason).toBeUndefined();
    expect(r.available).toBe(true);
    expect(r.units).toBe(50);
    expect(r.settings).toMatchObject({ srcLang: 'en', tgtLang: 'zh-cn', minSimilarity: 50, maxCandidates: 5, urlShape: '/tmserver/en/zh-cn/unit/{text}' });
    expect(r.skippedQueries).toBe(1);
    expect(r.failedQueries).toBe(1);
    expect(r.notes.join('\n')).toMatch(/1 queries failed: "Could NOT connect/);
    expect(r.queries).toBe(sent);
    expect(r.latenciesMs).toHaveLength(sent);
    expect(r.latenciesMs.every((ms) => ms > 0)).toBe(true);
    expect(r.p50).toBeLessThanOrEqual(r.p95);
    expect(r.expectedQueries).toBe(sent - 1);
    // Every exact and one-word-dropped query has its segment on top; the planted miss is named.
    expect(r.misses).toEqual([{ text: MISS_QUERY, expectedSource: MISS_EXPECTED, topSource: MISS_QUERY, topQuality: 100 }]);
    expect(r.topHits).toBe(r.expectedQueries - 1);
    // Everything but the unrelated sentence has a suggestion at ≥ 50.
    expect(r.answered).toBe(sent - 1);
    expect(r.nonAsciiQueries).toBe(0);
    expect(r.buildSeconds).toBeGreaterThan(0);

    expect(r.port).toBeGreaterThan(0);
    expect(await listening(r.port!)).toBe(false);
    expect(processesOf(dir)).toBe('');
  });

  it('reads the source from the first <tuv>, stored as "en" whatever -s says; Chinese queries arrive garbled', async () => {
    // Chinese first: build_tmdb takes the first <tuv> as the source, and a TMX store reports "en".
    const reversed = tmx.replace(/(<tuv xml:lang="en">[\s\S]*?<\/tuv>)(\s*)(<tuv xml:lang="zh_CN">[\s\S]*?<\/tuv>)/g, '$3$2$1');
    const path = join(work, 'reversed.tmx');
    writeFileSync(path, reversed);
    const zh = pairs[2]!.zh; // 至少发现一个无效的签名。
    const r = await measureTmserver({ tmxPath: path, srcLang: 'zh-CN', tgtLang: 'en', queries: [{ text: zh, expectedSource: zh }], workDir: join(work, 'reversed'), timeoutSeconds: 120, warmup: 0 });
    expect(r.available).toBe(true);
    expect(r.units).toBe(50);
    expect(r.settings?.srcLang).toBe('en');
    expect(r.notes.join('\n')).toMatch(/stored the source language as "en"/);
    // cheroot gives tmserver the path decoded as Latin-1: the exact Chinese text finds nothing.
    // (If a later translate-toolkit fixes this, the benchmark can send Chinese queries too.)
    expect(r.nonAsciiQueries).toBe(1);
    expect(r.answered).toBe(0);
    expect(r.misses[0]).toMatchObject({ text: zh, topSource: null });
  });

  it('reports a TMX it cannot read instead of measuring an empty memory', async () => {
    const path = join(work, 'broken.tmx');
    writeFileSync(path, '<?xml version="1.0"?>\n<tmx version="1.4"><header/><body><tu><tuv xml:lang="en"><seg>unclosed');
    const r = await measureTmserver({ tmxPath: path, srcLang: 'en', tgtLang: 'zh_CN', queries: [{ text: 'x' }], workDir: join(work, 'broken'), timeoutSeconds: 120 });
    expect(r.available).toBe(false);
    expect(r.reason).toMatch(/build_tmdb stored no units from .*broken\.tmx/);
  });

  it('stops build_tmdb at the time bound', async () => {
    const dir = join(work, 'bound');
    const r = await measureTmserver({ tmxPath: FIXTURE, srcLang: 'en', tgtLang: 'zh_CN', queries: [], workDir: dir, timeoutSeconds: 0 });
    expect(r.available).toBe(false);
    expect(r.reason).toMatch(/did not finish within 0 s/);
    expect(processesOf(dir)).toBe('');
  });
});

describe('measureTmserver without its input', () => {
  it('names a missing TMX', async () => {
    const r = await measureTmserver({ tmxPath: join(work, 'nope.tmx'), srcLang: 'en', tgtLang: 'zh_CN', queries: [], workDir: join(work, 'nope') });
    expect(r.available).toBe(false);
    expect(r.reason).toMatch('missing' in programs ? /translate-toolkit|not found/ : /TMX not found: .*nope\.tmx/);
  });
});
