#!/usr/bin/env node
// The `latchkey` command: runs src/cli.ts through tsx. Started through npm
// (`npx latchkey …`), it runs on the Node pinned in package.json.
import { register } from "tsx/esm/api";

register();
await import("../src/cli.ts");
