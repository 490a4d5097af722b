#!/usr/bin/env node
// The `kinoyu` command (npm bin). The project runs its TypeScript through tsx, without a build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/kinoyu.ts');
