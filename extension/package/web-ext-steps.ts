// Zips a staged build with web-ext (the Chrome/Edge zip and the Firefox xpi) and lints the Firefox build with it.
/// <reference path="./vendor-types.d.ts" />
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import webExt, { type LintMessage, type LintOutput } from 'web-ext';

/** Zips `sourceDir` to exactly `outFile` (web-ext builds the archive; it refuses to overwrite, so we clear first). */
export async function zipDir(sourceDir: string, outFile: string): Promise<string> {
  await rm(outFile, { force: true });
  const { extensionPath } = await webExt.cmd.build(
    { sourceDir, artifactsDir: dirname(outFile), filename: basename(outFile), overwriteDest: true },
    { showReadyMessage: false },
  );
  if (extensionPath !== outFile) await rename(extensionPath, join(dirname(outFile), basename(outFile)));
  return outFile;
}

export interface LintResult {
  errors: LintMessage[];
  warnings: LintMessage[];
  notices: LintMessage[];
}

/**
 * addons-linter over the unpacked Firefox build, as AMO runs it on upload. `selfHosted` because the package is
 * signed unlisted and distributed by the organization, never listed on addons.mozilla.org.
 */
export async function lintFirefox(sourceDir: string): Promise<LintResult> {
  const out: LintOutput = await webExt.cmd.lint(
    { sourceDir, output: 'none', selfHosted: true, boring: true, warningsAsErrors: false },
    { shouldExitProgram: false },
  );
  return { errors: out.errors, warnings: out.warnings, notices: out.notices };
}

export const formatLintMessage = (m: LintMessage): string =>
  `${m.code}: ${m.message}${m.file ? ` (${m.file}${m.line ? `:${m.line}` : ''})` : ''}`;
