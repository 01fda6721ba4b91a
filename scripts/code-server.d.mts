// Types of scripts/code-server.mjs for the TypeScript e2e suite.
export declare const projectRoot: string;
export declare const codeServerBin: string;
export declare const quietSettings: Record<string, unknown>;

export interface StartOptions {
  vsix: string;
  folder: string;
  settings?: Record<string, unknown>;
  port?: number;
  timeoutMs?: number;
}

export interface RunningCodeServer {
  origin: string;
  url: string;
  home: string;
  userDataDir: string;
  output(): string;
  dispose(keepLogsIn?: string): Promise<void>;
}

export declare function startCodeServer(options: StartOptions): Promise<RunningCodeServer>;
