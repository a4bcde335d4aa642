#!/usr/bin/env node
// The `regain` command: loads the TypeScript CLI through tsx, so there is no build step to forget.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../server/cli/main.ts');
// The demo site and the development extension's origin come only with --dev, from outside server/.
const loadDev = async () => (await import('../demo/dev-composition.ts')).devComposition;
process.exitCode = await main(process.argv.slice(2), loadDev);
