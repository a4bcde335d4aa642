// Module declarations for the widget build: CSS files are imported as minified text for constructable stylesheets.
declare module '*.css' {
  const css: string;
  export default css;
}

/** The flow chunks' file names (`./name-hash.js`), content-hashed, set by the build (widget/build/build-widget.ts). */
declare const __REGAIN_CHUNKS__: { reset: string; registration: string; changePassword: string };
