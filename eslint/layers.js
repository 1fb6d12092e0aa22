/**
 * The layering of src/, and the lint rule that holds the code to it (`glossa/layers`).
 *
 * Each folder of src/ (and each module at its top, such as cli.ts) is one part; parts stand in
 * layers, bottom first. A part may import any part of a lower layer, and within its own layer
 * only the parts WITHIN lists for it. A part never imports one above it, and since the arrows
 * within a layer form no cycle (checked when this file loads), no two folders import each other,
 * directly or round about.
 *
 * The rule reads import paths only (import, export … from, import(), import types): it needs no
 * resolver, since the folder a relative path points into is all it has to know.
 */
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';

export const LAYERS = [
  // Plain data and text work: no storage, no I/O of documents.
  { name: 'base', parts: ['errors', 'model', 'config', 'version', 'text', 'dict'] },
  // Reading and writing documents, aligning them, storing units and terms.
  { name: 'documents and storage', parts: ['formats', 'align', 'store'] },
  // What Glossa does with them: extraction, search, checks, import and export.
  { name: 'services', parts: ['extract', 'match', 'check', 'ingest', 'ingest-worker', 'export'] },
  // How it is reached: the web page, HTTP, the CLI, the server's start.
  { name: 'surfaces', parts: ['web', 'http', 'commands', 'cli', 'main'] },
];

/** Imports allowed between parts of one layer, from the part to those listed. */
export const WITHIN = {
  model: ['errors'],
  config: ['errors', 'model'],
  // Text and dictionary data are cached where the configuration says.
  text: ['errors', 'model', 'config'],
  // The dictionary folds its glosses with the English word keys of text/.
  dict: ['errors', 'model', 'config', 'text'],
  // A check looks up earlier translations in the TM, and reads a bilingual file as an import
  // reads it.
  check: ['match', 'ingest'],
  // An import extracts the terms of what it imported.
  ingest: ['extract'],
  // The import thread reads and stores a file as an import does (src/ingest.ts starts it by URL).
  'ingest-worker': ['ingest'],
  // The server's routes serve the web page; the serve command and main start the server (main
  // as the CLI's serve).
  http: ['web'],
  commands: ['http'],
  cli: ['commands'],
  main: ['cli', 'commands', 'http'],
};

const layerOf = new Map();
LAYERS.forEach((layer, rank) => {
  for (const part of layer.parts) {
    if (layerOf.has(part)) throw new Error(`eslint/layers.js: ${part} stands in two layers`);
    layerOf.set(part, rank);
  }
});
for (const [from, tos] of Object.entries(WITHIN)) {
  for (const to of tos) {
    if (layerOf.get(from) === undefined || layerOf.get(from) !== layerOf.get(to)) {
      throw new Error(`eslint/layers.js: WITHIN ${from} -> ${to} is not an arrow inside one layer`);
    }
  }
}
const cycle = findCycle();
if (cycle) throw new Error(`eslint/layers.js: the arrows within a layer make a cycle: ${cycle.join(' -> ')}`);

/** A cycle among the WITHIN arrows, as the parts along it, or undefined. */
export function findCycle(arrows = WITHIN) {
  const state = new Map();
  const path = [];
  const visit = (part) => {
    if (state.get(part) === 'done') return undefined;
    if (state.get(part) === 'open') return [...path.slice(path.indexOf(part)), part];
    state.set(part, 'open');
    path.push(part);
    for (const next of arrows[part] ?? []) {
      const found = visit(next);
      if (found) return found;
    }
    path.pop();
    state.set(part, 'done');
    return undefined;
  };
  for (const part of Object.keys(arrows)) {
    const found = visit(part);
    if (found) return found;
  }
  return undefined;
}

/** Whether part `from` may import part `to`. */
export function mayImport(from, to) {
  if (from === to) return true;
  const a = layerOf.get(from);
  const b = layerOf.get(to);
  if (a === undefined || b === undefined) return false;
  return b < a || (a === b && (WITHIN[from] ?? []).includes(to));
}

/** The part a file of src/ belongs to: its folder below src/, or its module name at the top. */
function partOf(file, root) {
  const rel = relative(root, file);
  if (rel.startsWith('..') || isAbsolute(rel)) return undefined;
  const segments = rel.split(sep);
  return segments.length > 1 ? segments[0] : segments[0].replace(/(?:\.d)?\.[cm]?[jt]sx?$/, '');
}

const layerName = (part) => LAYERS[layerOf.get(part)]?.name;

/** @type {import('eslint').Rule.RuleModule} */
export const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Keep the imports between the folders of src/ to the layers of eslint/layers.js' },
    schema: [{ type: 'object', properties: { root: { type: 'string' } }, additionalProperties: false }],
    messages: {
      upward: 'src/{{from}} ({{fromLayer}}) may not import src/{{to}} ({{toLayer}}): a layer imports only from the layers below it.',
      sideways: 'src/{{from}} may not import src/{{to}}: both are in the layer {{fromLayer}}, and eslint/layers.js WITHIN does not allow this arrow.',
      unplaced: 'src/{{part}} stands in no layer: add it to LAYERS in eslint/layers.js.',
    },
  },
  create(context) {
    const root = resolve(context.cwd, context.options[0]?.root ?? 'src');
    const file = context.filename;
    const from = partOf(file, root);
    if (from === undefined) return {};
    const check = (node) => {
      const source = node?.type === 'Literal' && typeof node.value === 'string' ? node.value : undefined;
      if (source === undefined || !source.startsWith('.')) return;
      const to = partOf(resolve(dirname(file), source), root);
      if (to === undefined || mayImport(from, to)) return;
      for (const part of [from, to]) {
        if (!layerOf.has(part)) {
          context.report({ node, messageId: 'unplaced', data: { part } });
          return;
        }
      }
      const data = { from, to, fromLayer: layerName(from), toLayer: layerName(to) };
      context.report({ node, messageId: layerOf.get(to) > layerOf.get(from) ? 'upward' : 'sideways', data });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
      // typescript-eslint 8 names the path `source`; older versions held it in `argument`.
      TSImportType: (node) => check(node.source ?? (node.argument?.type === 'TSLiteralType' ? node.argument.literal : undefined)),
    };
  },
};

export default { meta: { name: 'glossa' }, rules: { layers: rule } };
