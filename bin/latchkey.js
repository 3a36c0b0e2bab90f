#!/usr/bin/env -S node --max-semi-space-size=16
// The `latchkey` command: runs the compiled server (dist/src/cli.js), compiling
// it first if src/ changed since the last build. Started through npm
// (`npx latchkey …`), it runs on the Node pinned in package.json.
// --max-semi-space-size: see README "Configuration" (the same flag as `npm start`).
import { buildServer } from "../scripts/build-server.js";

buildServer();
await import("../dist/src/cli.js");
