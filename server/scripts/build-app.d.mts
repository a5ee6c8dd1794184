// Types of build-app.mjs (plain JavaScript: it runs before anything else, on npm install and npm start).
export declare function newestSource(entries: readonly string[]): number;
export declare function buildNeeded(builtFile?: string, sources?: readonly string[]): 'missing' | 'stale' | undefined;
