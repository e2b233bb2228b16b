// sunhwan: Keras-style recurrent deep learning in TypeScript.
// The main entry in Node (package.json exports: every condition but "browser"): the public API of
// ./index.browser.ts, plus the native kernels and synchronous thread start (./platform/node.ts).
import { useNodePlatform } from './platform/node.ts';

useNodePlatform();

export * from './index.browser.ts';
