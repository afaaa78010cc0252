#!/usr/bin/env node
// The development `p3pd`: runs the TypeScript CLI through tsx (a dev dependency), so edits count at
// once with no build. Tests and `npm run dev` use it; production runs bin/p3pd.js on the build.
import { register } from "tsx/esm/api";

register();
await import("../src/cli.ts");
