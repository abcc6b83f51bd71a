/** A stylesheet compiled to a string by scripts/inline-css-loader.cjs (next.config.ts). */
declare module "*.inline-css" {
  const css: string;
  export default css;
}
