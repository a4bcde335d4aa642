// Module declarations for the widget build: CSS files are imported as minified text for constructable stylesheets.
declare module '*.css' {
  const css: string;
  export default css;
}

/** The reset flow chunk's file name, content-hashed, set by the build (widget/build/build-widget.ts). */
declare const __REGAIN_RESET_CHUNK__: string;
