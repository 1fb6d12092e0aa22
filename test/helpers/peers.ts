/**
 * Real peers (xmllint, OmegaT, Translate Toolkit, chromium) for integration tests. Where one is
 * missing the test is skipped with a loud message; with GLOSSA_REQUIRE_PEERS=1 (set by .ci/run
 * after installing them) a missing peer fails instead.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

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
