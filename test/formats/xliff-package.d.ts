/** The `xliff` npm package ships no types; the tests use it to write XLIFF as other JavaScript tools do. */
declare module 'xliff' {
  const xliff: {
    jsToXliff12(js: unknown, options?: unknown): Promise<string>;
    xliff12ToJs(xml: string, options?: unknown): Promise<unknown>;
    js2xliff(js: unknown, options?: unknown): Promise<string>;
    xliff2js(xml: string, options?: unknown): Promise<unknown>;
  };
  export default xliff;
}
