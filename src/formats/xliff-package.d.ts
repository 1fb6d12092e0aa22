/** The `xliff` npm package ships no types; only the tests use it (to pin its defects, see xliff.ts). */
declare module 'xliff' {
  const xliff: {
    jsToXliff12(js: unknown, options?: unknown): Promise<string>;
    xliff12ToJs(xml: string, options?: unknown): Promise<unknown>;
    js2xliff(js: unknown, options?: unknown): Promise<string>;
    xliff2js(xml: string, options?: unknown): Promise<unknown>;
  };
  export default xliff;
}
