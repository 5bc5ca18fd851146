/** The part of the SaxonJS 2 API (npm `saxon-js`, no bundled types) used by validate.ts. */
declare module 'saxon-js' {
  namespace SaxonJS {
    type TransformOptions = {
      /** A compiled stylesheet (SEF) already parsed from JSON. */
      stylesheetInternal: unknown;
      stylesheetBaseURI?: string;
      sourceText: string;
      destination: 'document' | 'serialized' | 'raw';
    };
    type TransformResult = { principalResult: unknown };
    function transform(options: TransformOptions, execution: 'async'): Promise<TransformResult>;
    namespace XPath {
      function evaluate(
        expression: string,
        contextItem: unknown,
        options?: { resultForm?: 'array' | 'iterator' | 'xdm' | 'default' },
      ): unknown;
    }
  }
  export default SaxonJS;
}
