// Types of require-node.mjs (plain JavaScript, so that an old Node can run it).
export declare const MINIMUM_NODE: readonly [number, number];
export declare function nodeVersionProblem(version: string): string | undefined;
