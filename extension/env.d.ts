// Module declarations for the extension build: crxjs `?iife` script imports and the widget's CSS text imports.
/// <reference types="@crxjs/vite-plugin/client" />

declare module '*.css' {
  const css: string;
  export default css;
}
