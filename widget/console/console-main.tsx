// The console's entry: adopts its stylesheet (no <style>, no inline style: the page's CSP allows neither) and draws.
import { render } from 'preact';
import css from './console.css';
import { ConsoleApp } from './console-app.tsx';

const sheet = new CSSStyleSheet();
sheet.replaceSync(css);
document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
const root = document.getElementById('console');
if (root) render(<ConsoleApp />, root);
