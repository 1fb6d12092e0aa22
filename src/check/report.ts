/**
 * The check report's shapes: for a terminal, JSON, and SARIF 2.1.0 for CI pipelines.
 *
 * For a terminal: per issue the unit id, rule and severity, the message, and
 * source and target with the span marked (⟦…⟧, or in colour on a terminal).
 */
import { createHash } from 'node:crypto';
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CheckIssue } from '../model.js';
import { RULES, type CheckReport } from './index.js';
import type { CheckRule, CheckUnit } from './types.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';

export interface TextReportOptions {
  /** ANSI colours (a terminal). */
  color?: boolean;
  /** Longest excerpt of a side shown, in characters. */
  width?: number;
}

export function formatTextReport(report: CheckReport, units: readonly CheckUnit[], options: TextReportOptions = {}): string {
  const byId = new Map(units.map((u) => [u.id, u]));
  const color = options.color ?? false;
  const width = options.width ?? 160;
  const paint = (code: string, s: string): string => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const lines: string[] = [];
  for (const issue of report.issues) {
    const unit = byId.get(issue.unitId);
    const sev = issue.severity === 'error' ? paint('31;1', 'error') : paint('33;1', 'warning');
    lines.push(`${paint('1', issue.unitId)}  ${sev}  ${issue.rule}: ${issue.message}`);
    if (unit) {
      lines.push(`    source: ${excerpt(unit.source, issue.sourceSpan, width, paint)}`);
      lines.push(`    target: ${unit.target.length === 0 ? paint('2', '(empty)') : excerpt(unit.target, issue.targetSpan, width, paint)}`);
    }
  }
  const s = report.summary;
  if (lines.length > 0) lines.push('');
  const rules = Object.entries(s.byRule).map(([r, n]) => `${r} ${n}`).join(', ');
  lines.push(`${s.units} units checked (${s.srcLang} → ${s.tgtLang}, ${s.glossaryTerms} glossary terms): ${s.errors} errors, ${s.warnings} warnings${rules ? ` (${rules})` : ''}`);
  return lines.join('\n') + '\n';
}

function excerpt(text: string, span: CheckIssue['sourceSpan'], width: number, paint: (code: string, s: string) => string): string {
  const flat = text.replace(/\s+/g, ' ');
  if (!span || (span[0] === 0 && span[1] >= text.length)) return clip(flat, 0, width);
  const [s, e] = span;
  const mark = color(paint) ? paint('7', flat.slice(s, e)) : `⟦${flat.slice(s, e)}⟧`;
  // Keep the marked span in view on long segments.
  const from = Math.max(0, Math.min(s - Math.floor(width / 3), flat.length - width));
  const before = (from > 0 ? '…' : '') + flat.slice(from, s);
  const afterRoom = Math.max(10, width - (s - from) - (e - s));
  const after = flat.slice(e, e + afterRoom) + (e + afterRoom < flat.length ? '…' : '');
  return before + mark + after;
}

function color(paint: (code: string, s: string) => string): boolean {
  return paint('0', '') !== '';
}

function clip(s: string, from: number, width: number): string {
  return s.length - from > width ? s.slice(from, from + width) + '…' : s.slice(from);
}

/**
 * Whether an Accept header asks for SARIF rather than the default JSON: application/sarif+json
 * named with a weight above zero, and no higher weight for application/json or for a wildcard
 * (JSON wins a tie with application/json named as well: it is the default).
 */
export function acceptsSarif(accept: string | undefined): boolean {
  if (!accept) return false;
  let sarif = 0;
  let json = -1;
  let wildcard = -1;
  for (const range of accept.split(',')) {
    const [type = '', ...params] = range.split(';').map((p) => p.trim().toLowerCase());
    const qParam = params.find((p) => p.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (!Number.isFinite(q)) continue;
    if (type === SARIF_MEDIA_TYPE) sarif = Math.max(sarif, q);
    else if (type === 'application/json') json = Math.max(json, q);
    else if (type === '*/*' || type === 'application/*') wildcard = Math.max(wildcard, q);
  }
  return sarif > 0 && sarif > json && sarif >= wildcard;
}

/** The JSON of the contract: issues and summary. */
export function reportJson(report: CheckReport): { issues: CheckIssue[]; summary: CheckReport['summary'] } {
  return { issues: report.issues, summary: report.summary };
}

// ---------------------------------------------------------------------------------------------
// SARIF 2.1.0, for CI pipelines (GitHub code scanning and other SARIF viewers)

/** The report formats of `check --report` (text on a terminal is the default). */
export const REPORT_FORMATS = ['text', 'json', 'sarif'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const SARIF_MEDIA_TYPE = 'application/sarif+json';
const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
/** The docs page that explains each rule under a heading of its id. */
const RULE_PAGE = 'checks.md';

/**
 * What each rule finds, at more length than its one-line description: SARIF viewers show it as the
 * rule's full description and help. A rule missing here gets its one-line description.
 */
const RULE_HELP: Record<string, string> = {
  'term-missing':
    'The source holds a glossary term and the target none of its accepted translations: every candidate or approved target term of the concepts holding it (forms folded); for a term nobody approved yet, also CC-CEDICT senses and the renderings the TM shows. Approve the variant in the glossary to accept it.',
  'term-forbidden': 'The target uses a translation the glossary marks forbidden for a term of the source. The message names the accepted translations.',
  'term-variant':
    'The target renders a glossary term word by word (a calque: each word has a dictionary sense) where the glossary gives another translation, such as "reasonable use" for fair use. Reported unless the variant is approved in the glossary.',
  'number-mismatch':
    'A number of the source is missing in the target, or the target adds a number in digits. Numbers are compared as values (10萬億美元 = $10 trillion, 百分之五 = 5%, 第三 = third); vague amounts by magnitude.',
  'name-missing': 'A Latin-script name of the source (a company, a product such as Web3) is not found in the target.',
  'inconsistent-translation':
    'The same source (folded: script, width, case, punctuation) is translated differently in the checked file or against the TM, or one translation (12 characters at least) serves two different sources.',
  untranslated: 'The target is empty, or a copy of a source that needs translating (a copied name, number or code is a right translation).',
};

/**
 * A rule's name for SARIF viewers: the id in PascalCase (TermMissing), which SARIF wants other
 * than the id, so a one-word id gets a second word (UntranslatedTarget).
 */
function ruleName(id: string): string {
  const name = id.replace(/(^|-)([a-z])/g, (_m, _d: string, c: string) => c.toUpperCase());
  return name.toLowerCase() === id.toLowerCase() ? `${name}Target` : name;
}

/** A SARIF level from a severity: error and warning as they are, anything milder a note. */
function sarifLevel(severity: string): 'error' | 'warning' | 'note' {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

/** A message as a sentence, capital first and a period last (SARIF viewers show messages as sentences). */
function sentence(s: string): string {
  const t = s.trim();
  const capital = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?。]$/.test(capital) ? capital : `${capital}.`;
}

export interface SarifOptions {
  /**
   * The checked file as the log names it: a path (relative ones are kept relative, to the
   * checkout's root in CI, with forward slashes), or a name for a request body.
   */
  file: string;
  /** The rules run (their table in tool.driver.rules); RULES by default. */
  rules?: readonly Pick<CheckRule, 'id' | 'severity' | 'description'>[];
  /** The directory relative paths start from, as the log's %SRCROOT% (the CLI's working directory). */
  srcRoot?: string;
  /** Absolute base URL of the docs pages (GLOSSA_DOCS_URL): each rule's helpUri is its heading in checks.md there. */
  docsUrl: string;
}

/** A path or name as a URI reference: forward slashes, each segment percent-encoded; absolute paths as file: URIs. */
export function artifactUri(file: string): string {
  const path = file.replace(/\\/g, '/');
  if (isAbsolute(file) || /^[A-Za-z]:\//.test(path)) return pathToFileURL(file).href;
  return path
    .split('/')
    .filter((s, i) => s !== '.' || i > 0)
    .map((s) => encodeURIComponent(s))
    .join('/');
}

/**
 * The check report as a SARIF 2.1.0 log: one run of Glossa, its rules in tool.driver.rules, one
 * result per issue with its rule, level and message, the unit's place in the checked file (line
 * and column, where the reader knows them) and the unit id as the logical location.
 */
export function reportSarif(report: CheckReport, units: readonly CheckUnit[], options: SarifOptions): SarifLog {
  const rules = options.rules ?? RULES;
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const byId = new Map(units.map((u) => [u.id, u]));
  const uri = artifactUri(options.file);
  const relativeUri = !/^[a-z][a-z0-9+.-]*:/i.test(uri);
  const base = relativeUri && options.srcRoot !== undefined ? { uriBaseId: '%SRCROOT%' } : {};
  const artifactLocation = { uri, ...base, index: 0 };
  const results: SarifResult[] = report.issues.map((issue) => {
    const unit = byId.get(issue.unitId);
    const index = ruleIndex.get(issue.rule);
    const region = unit?.line !== undefined ? { startLine: unit.line, ...(unit.column !== undefined ? { startColumn: unit.column } : {}) } : undefined;
    const properties: Record<string, unknown> = { unitId: issue.unitId };
    if (issue.term) properties.term = issue.term;
    if (issue.found !== undefined) properties.found = issue.found;
    if (issue.sourceSpan) properties.sourceSpan = issue.sourceSpan;
    if (issue.targetSpan) properties.targetSpan = issue.targetSpan;
    return {
      ruleId: issue.rule,
      ...(index !== undefined ? { ruleIndex: index } : {}),
      level: sarifLevel(issue.severity),
      message: { text: sentence(issue.message) },
      locations: [
        {
          physicalLocation: { artifactLocation, ...(region ? { region } : {}) },
          logicalLocations: [{ name: issue.unitId, fullyQualifiedName: `unit:${issue.unitId}`, kind: 'object' }],
        },
      ],
      // Stable across runs while the unit, its source and the finding stay: SARIF viewers match results by it.
      partialFingerprints: { 'glossaIssue/v1': fingerprint(issue.rule, issue.unitId, unit?.source ?? '', issue.message) },
      properties,
    };
  });
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            version: TOOL_VERSION,
            semanticVersion: TOOL_VERSION,
            informationUri: new URL(RULE_PAGE, options.docsUrl).href,
            rules: rules.map((r) => {
              const help = sentence(RULE_HELP[r.id] ?? r.description);
              return {
                id: r.id,
                name: ruleName(r.id),
                shortDescription: { text: sentence(r.description) },
                fullDescription: { text: help },
                defaultConfiguration: { level: sarifLevel(r.severity) },
                helpUri: new URL(`${RULE_PAGE}#${r.id}`, options.docsUrl).href,
                help: { text: help },
              };
            }),
          },
        },
        ...(relativeUri && options.srcRoot !== undefined ? { originalUriBaseIds: { '%SRCROOT%': { uri: directoryUri(options.srcRoot) } } } : {}),
        artifacts: [{ location: { uri, ...base }, roles: ['analysisTarget'] }],
        results,
        columnKind: 'utf16CodeUnits',
        properties: { summary: report.summary },
      },
    ],
  };
}

function directoryUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : `${href}/`;
}

function fingerprint(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}

/** The parts of the SARIF 2.1.0 object model this report writes. */
export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: {
    tool: { driver: { name: string; version: string; semanticVersion: string; informationUri: string; rules: SarifRule[] } };
    originalUriBaseIds?: Record<string, { uri: string }>;
    artifacts: { location: { uri: string; uriBaseId?: string }; roles: string[] }[];
    results: SarifResult[];
    columnKind: 'utf16CodeUnits';
    properties: Record<string, unknown>;
  }[];
}
export interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  defaultConfiguration: { level: 'error' | 'warning' | 'note' };
  helpUri: string;
  help: { text: string };
}
export interface SarifResult {
  ruleId: string;
  ruleIndex?: number;
  level: 'error' | 'warning' | 'note';
  message: { text: string };
  locations: {
    physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string; index: number }; region?: { startLine: number; startColumn?: number } };
    logicalLocations: { name: string; fullyQualifiedName: string; kind: string }[];
  }[];
  partialFingerprints: Record<string, string>;
  properties: Record<string, unknown>;
}
