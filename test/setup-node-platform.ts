// Tests import src/ modules directly, not through the Node entry: this gives them what
// src/index.ts gives a program (the native kernel set, threads started synchronously).
import { useNodePlatform } from '../src/platform/node.ts';

useNodePlatform();
