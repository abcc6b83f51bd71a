// A Turbopack loader (next.config.ts): compiles a Tailwind stylesheet and
// exports the minified CSS as a string, for a page that puts its styles inside
// its own HTML (app/(public)/layout.tsx) instead of linking a file.
/* eslint-disable @typescript-eslint/no-require-imports -- Turbopack runs loaders as CommonJS modules */
const postcss = require("postcss");
const tailwind = require("@tailwindcss/postcss");
const { transform } = require("lightningcss");

module.exports = function inlineCssLoader(source) {
  const done = this.async();
  postcss([tailwind()])
    .process(source, { from: this.resourcePath })
    .then((result) => {
      // Tailwind reads the files it scans for class names: a change to one of them must rebuild this stylesheet.
      for (const message of result.messages) {
        if (message.type === "dependency") this.addDependency(message.file);
        else if (message.type === "dir-dependency") this.addContextDependency(message.dir);
      }
      const { code } = transform({ filename: this.resourcePath, code: Buffer.from(result.css), minify: true });
      done(null, `export default ${JSON.stringify(code.toString())};`);
    }, done);
};
