// Just the parts of crx3 and web-ext (both untyped JavaScript) that the packager calls.
declare module 'crx3' {
  interface Crx3Options {
    crxPath: string;
    keyPath: string;
    zipPath?: string;
    xmlPath?: string;
    crxURL?: string;
    appVersion?: string;
  }
  interface Crx3Info {
    appId: string;
  }
  export default function crx3(files: string[], options: Crx3Options): Promise<Crx3Info>;
}

declare module 'web-ext' {
  export interface LintMessage {
    code: string;
    message: string;
    description?: string;
    file?: string;
    line?: number;
    column?: number;
  }
  export interface LintOutput {
    count: number;
    summary: { errors: number; notices: number; warnings: number };
    errors: LintMessage[];
    warnings: LintMessage[];
    notices: LintMessage[];
  }
  interface Cmd {
    build(
      params: {
        sourceDir: string;
        artifactsDir: string;
        filename?: string;
        overwriteDest?: boolean;
        ignoreFiles?: string[];
      },
      options?: { showReadyMessage?: boolean },
    ): Promise<{ extensionPath: string }>;
    lint(
      params: {
        sourceDir: string;
        artifactsDir?: string;
        output?: 'text' | 'json' | 'none';
        selfHosted?: boolean;
        warningsAsErrors?: boolean;
        boring?: boolean;
        pretty?: boolean;
        metadata?: boolean;
        privileged?: boolean;
        verbose?: boolean;
        ignoreFiles?: string[];
      },
      options?: { shouldExitProgram?: boolean },
    ): Promise<LintOutput>;
  }
  const webExt: { cmd: Cmd };
  export default webExt;
}
