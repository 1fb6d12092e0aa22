// Types of eslint/layers.js for the tests that import it.
import type { ESLint, Rule } from 'eslint';

export declare const LAYERS: readonly { name: string; parts: readonly string[] }[];
export declare const WITHIN: Readonly<Record<string, readonly string[]>>;
export declare function findCycle(arrows?: Readonly<Record<string, readonly string[]>>): string[] | undefined;
export declare function mayImport(from: string, to: string): boolean;
export declare const rule: Rule.RuleModule;
declare const plugin: ESLint.Plugin;
export default plugin;
