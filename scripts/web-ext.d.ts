// The part of web-ext's programmatic API that scripts/package.mjs uses (web-ext ships no types).
declare module 'web-ext' {
  interface BuildParams {
    sourceDir: string;
    artifactsDir: string;
    filename?: string;
    overwriteDest?: boolean;
  }
  interface BuildOptions {
    shouldExitProgram?: boolean;
    showReadyMessage?: boolean;
  }
  const webExt: {
    cmd: {
      build(params: BuildParams, options?: BuildOptions): Promise<{ extensionPath: string }>;
    };
  };
  export default webExt;
}
