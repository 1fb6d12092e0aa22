/**
 * Real peers (xmllint, OmegaT, Translate Toolkit, chromium) for integration tests. Where one is
 * missing the test is skipped with a loud message; with GLOSSA_REQUIRE_PEERS=1 (set by .ci/run
 * after installing them) a missing peer fails instead.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const REQUIRE_PEERS = process.env.GLOSSA_REQUIRE_PEERS === '1';

/** True when `command` (a program name or absolute path) can be run. */
export function hasProgram(command: string): boolean {
  if (command.startsWith('/')) return existsSync(command);
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** True when python3 can import `module`. */
export function hasPythonModule(module: string): boolean {
  return spawnSync('python3', ['-c', `import ${module}`], { stdio: 'ignore' }).status === 0;
}

/**
 * Whether a peer test can run: true if the peer is here; false (and a loud warning) if not;
 * throws when peers are required.
 */
export function peerAvailable(name: string, present: boolean): boolean {
  if (present) return true;
  const message = `PEER MISSING: ${name} is not installed; its integration tests are SKIPPED (install it, see .ci/run)`;
  if (REQUIRE_PEERS) throw new Error(`${message} — GLOSSA_REQUIRE_PEERS=1 makes this a failure`);
  console.warn(`\n*** ${message} ***\n`);
  return false;
}

export const OMEGAT_JAR = '/usr/share/omegat/OmegaT.jar';

/** An empty OmegaT project (zh-TW → en-US, the folders OmegaT expects) in a fresh temporary folder. */
export function omegatProject(): string {
  const project = mkdtempSync(join(tmpdir(), 'glossa-omegat-'));
  for (const d of ['source', 'target', 'tm/auto', 'glossary', 'dictionary', 'omegat']) mkdirSync(join(project, d), { recursive: true });
  writeFileSync(join(project, 'omegat.project'), OMEGAT_PROJECT);
  return project;
}

/** OmegaT in console mode on `project` (console-translate), headless, with extra arguments. */
export function runOmegat(project: string, ...args: string[]): SpawnSyncReturns<string> {
  return spawnSync('java', ['-Djava.awt.headless=true', '-jar', OMEGAT_JAR, project, '--mode=console-translate', ...args], { encoding: 'utf8', timeout: 120_000 });
}

const OMEGAT_PROJECT = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat>
  <project version="1.0">
    <source_dir>source</source_dir>
    <source_dir_excludes/>
    <target_dir>target</target_dir>
    <tm_dir>tm</tm_dir>
    <glossary_dir>glossary</glossary_dir>
    <glossary_file>glossary/glossary.txt</glossary_file>
    <dictionary_dir>dictionary</dictionary_dir>
    <source_lang>zh-TW</source_lang>
    <target_lang>en-US</target_lang>
    <source_tok>org.omegat.tokenizer.LuceneSmartChineseTokenizer</source_tok>
    <target_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</target_tok>
    <sentence_seg>true</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
`;
