/**
 * What every page shares: the document shell (language, viewport, style, navigation, a skip
 * link), text with spans marked, the CSRF field of writing forms, and the error page.
 */
import type { Child, FC } from 'hono/jsx';
import { fold, foldWithOffsets, spanInOriginal } from '../text/fold.js';
import type { Session } from './session.js';

/**
 * One style sheet, inline. CJK text gets the Noto CJK faces ahead of the system's (Debian's
 * fonts-noto-cjk) with the regional face chosen by the lang attribute (:lang(zh) matches
 * zh-TW too, so the Traditional rule comes after it); focus is always
 * visible; tables scroll sideways inside their own box on a phone-width screen, except those
 * read row by row (class cards), whose rows become stacked blocks there.
 */
export const STYLE = `
:root{--fg:#1d1d1f;--muted:#555;--line:#d0d0d6;--accent:#0b57d0;--bg:#fff;--soft:#f3f4f7}
*{box-sizing:border-box}
body{font:16px/1.55 system-ui,"Noto Sans CJK TC","Noto Sans CJK SC",sans-serif;margin:0;color:var(--fg);background:var(--bg)}
:lang(zh){font-family:system-ui,"Noto Sans CJK SC","Noto Sans CJK TC",sans-serif}
:lang(zh-TW),:lang(zh-HK),:lang(zh-MO),:lang(zh-Hant){font-family:system-ui,"Noto Sans CJK TC",sans-serif}
:lang(ja){font-family:system-ui,"Noto Sans CJK JP",sans-serif}
a{color:var(--accent)}
:focus-visible{outline:3px solid #e37400;outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem}
.skip:focus{left:.5rem;z-index:10}
header.site{background:var(--soft);border-bottom:1px solid var(--line)}
header.site nav{max-width:72rem;margin:0 auto;padding:.5rem 1rem;display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:center}
header.site nav .brand{font-weight:700;margin-right:auto;text-decoration:none;color:var(--fg)}
header.site nav a[aria-current=page]{font-weight:700;text-decoration:none;color:var(--fg)}
header.site form{display:inline;margin:0}
main{max-width:72rem;margin:0 auto;padding:0 1rem 2rem}
h1{font-size:1.6rem;margin:1rem 0 .5rem}
form.search,form.filters{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-end;margin:1rem 0}
form.search input[type=search]{flex:1 1 16rem;font-size:1.1rem;padding:.4rem}
label{display:inline-flex;flex-direction:column;font-size:.9rem;gap:.15rem}
input,select,textarea,button{font:inherit;padding:.35rem .5rem;border:1px solid #767676;border-radius:4px;background:#fff;color:var(--fg)}
button{cursor:pointer;background:var(--soft)}
button.primary{background:var(--accent);color:#fff;border-color:var(--accent)}
button.danger{color:#a50e0e;border-color:#a50e0e}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}
td.term{white-space:nowrap}
td,th{border-bottom:1px solid var(--line);padding:.35rem .5rem;text-align:left;vertical-align:top}
th{font-size:.9rem;background:var(--soft)}
mark{background:#ffe27a;color:inherit;padding:0 .05em;border-radius:2px}
.status-approved{color:#0a6b2a}.status-forbidden{color:#a50e0e;text-decoration:line-through}.status-candidate{color:#6b4f00}
.badge{display:inline-block;font-size:.8rem;border:1px solid currentColor;border-radius:1em;padding:0 .5em;text-decoration:none}
.muted,.kind{color:var(--muted);font-size:.9rem}
.num{font-variant-numeric:tabular-nums;text-align:right}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;margin:.5rem 0}
.actions form{margin:0}
.card{border:1px solid var(--line);border-radius:6px;padding:.75rem 1rem;margin:.75rem 0}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(14rem,1fr));gap:.75rem}
.notice{background:#e8f0fe;border-left:4px solid var(--accent);padding:.5rem .75rem}
.error{background:#fce8e6;border-left:4px solid #a50e0e;padding:.5rem .75rem}
.pager{display:flex;gap:1rem;align-items:center;flex-wrap:wrap}
progress{width:100%;height:1.25rem}
dl.card{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dl.card dt{font-weight:600}dl.card dd{margin:0}
form.stack{display:flex;flex-direction:column;gap:.6rem;max-width:36rem}
form.stack label{display:flex}
textarea{min-height:8rem;width:100%}
@media (max-width:40rem){td,th{padding:.3rem}h1{font-size:1.35rem}
table.cards thead{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}
table.cards tr{display:block;border-bottom:1px solid var(--line);padding:.4rem 0}
table.cards td{display:block;border:0;padding:.1rem 0}table.cards td:empty{display:none}
table.cards td[data-label]::before{content:attr(data-label) ": ";color:var(--muted);font-size:.85rem}}
`;

const PAGES = [
  ['/', 'Search'],
  ['/glossary', 'Glossary'],
  ['/check', 'Check'],
  ['/import', 'Import and export'],
] as const;

export interface LayoutProps {
  title: string;
  session: Session;
  /** Path of the page, for aria-current in the navigation. */
  path: string;
  signInRequired: boolean;
  scripts?: string[];
  children?: Child;
}

export const Layout: FC<LayoutProps> = ({ title, session, path, signInRequired, scripts, children }) => (
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{title === 'Glossa' ? title : `${title} · Glossa`}</title>
      {/* Raw: escaped, the quotes of the font names would make the declarations invalid. */}
      <style dangerouslySetInnerHTML={{ __html: STYLE }} />
    </head>
    <body>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="site">
        <nav aria-label="Pages">
          <a class="brand" href="/">
            Glossa
          </a>
          {PAGES.map(([href, label]) => (
            <a href={href} aria-current={path === href ? 'page' : undefined}>
              {label}
            </a>
          ))}
          {signInRequired &&
            (session.signedIn ? (
              <form method="post" action="/logout">
                <Csrf session={session} />
                <button type="submit">Sign out</button>
              </form>
            ) : (
              <a href={`/login?next=${encodeURIComponent(path)}`} aria-current={path === '/login' ? 'page' : undefined}>
                Sign in
              </a>
            ))}
        </nav>
      </header>
      <main id="main" tabindex={-1}>
        {children}
      </main>
      {(scripts ?? []).map((src) => (
        <script src={src} defer></script>
      ))}
    </body>
  </html>
);

/** The hidden CSRF field of a writing form. */
export const Csrf: FC<{ session: Session }> = ({ session }) => <input type="hidden" name="_csrf" value={session.csrf} />;

/** Text with the given [start, end) spans marked. */
export const Spans: FC<{ text: string; spans: readonly (readonly [number, number])[] }> = ({ text, spans }) => {
  const sorted = [...spans].filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0]);
  const out: Child[] = [];
  let last = 0;
  for (const [s, e] of sorted) {
    if (s < last) continue;
    out.push(text.slice(last, s));
    out.push(<mark>{text.slice(s, e)}</mark>);
    last = e;
  }
  out.push(text.slice(last));
  return <>{out}</>;
};

const WORDY = /[\p{L}\p{N}]/u;

/**
 * Where the needles occur in a text, compared folded (script, width, case, inflection: 区块链
 * finds 區塊鏈, "blockchain" finds "blockchains"); a needle that begins or ends with a letter of
 * an alphabet must begin or end a word there.
 */
export function markSpans(text: string, needles: readonly string[]): [number, number][] {
  const folded = foldWithOffsets(text);
  const spans: [number, number][] = [];
  for (const needle of needles) {
    const n = fold(needle.trim());
    if (n.length === 0) continue;
    const alphaStart = /^[\p{Script=Latin}\p{N}]/u.test(n);
    const alphaEnd = /[\p{Script=Latin}\p{N}]$/u.test(n);
    for (let at = folded.text.indexOf(n); at >= 0; at = folded.text.indexOf(n, at + 1)) {
      if (alphaStart && at > 0 && WORDY.test(folded.text[at - 1]!) && !/\p{Script=Han}/u.test(folded.text[at - 1]!)) continue;
      const end = at + n.length;
      if (alphaEnd && end < folded.text.length && WORDY.test(folded.text[end]!) && !/\p{Script=Han}/u.test(folded.text[end]!)) continue;
      spans.push(spanInOriginal(folded, at, end, text));
    }
  }
  // Longest first where they overlap.
  spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const out: [number, number][] = [];
  for (const s of spans) if (out.length === 0 || s[0] >= out[out.length - 1]![1]) out.push(s);
  return out;
}

/** Text with every occurrence of the needles marked (see markSpans). */
export const Marked: FC<{ text: string; needles: readonly string[] }> = ({ text, needles }) => <Spans text={text} spans={markSpans(text, needles)} />;

/** Units as a two-column concordance table, each side's needles marked (the term page, the search page). */
export const UnitPairs: FC<{
  units: readonly { srcLang: string; tgtLang: string; source: string; target: string }[];
  tableClass: string;
  needles: (lang: string) => readonly string[];
}> = ({ units, tableClass, needles }) => (
  <div class="scroll">
    <table class={tableClass}>
      <thead>
        <tr>
          <th scope="col">Source</th>
          <th scope="col">Translation</th>
        </tr>
      </thead>
      <tbody>
        {units.map((u) => (
          <tr>
            <td lang={u.srcLang}>
              <Marked text={u.source} needles={needles(u.srcLang)} />
            </td>
            <td lang={u.tgtLang}>
              <Marked text={u.target} needles={needles(u.tgtLang)} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  </div>
);

export const StatusBadge: FC<{ status: string }> = ({ status }) => <span class={`badge status-${status}`}>{status}</span>;

/** A page for an error: what went wrong, in words, and where to go. */
export const ErrorPage: FC<{ status: number; message: string; session: Session; path: string; signInRequired: boolean }> = ({ status, message, session, path, signInRequired }) => (
  <Layout title={`Error ${status}`} session={session} path={path} signInRequired={signInRequired}>
    <h1>{status === 401 ? 'Sign in needed' : status === 403 ? 'Refused' : status === 404 ? 'Not found' : 'Cannot do that'}</h1>
    <p class="error" role="alert">
      {message}
    </p>
    {status === 401 && (
      <p>
        <a href={`/login?next=${encodeURIComponent(path)}`}>Sign in</a> with the server's token to review terms and import files.
      </p>
    )}
    <p>
      <a href="/">Back to the start page</a>
    </p>
  </Layout>
);
