// Rewrites action.yml's inputs, the README's inputs table and docs/cli.md's settings table from
// the settings table (src/settings/): node --import tsx scripts/settings-docs.ts
import { syncSettingsDocs } from '../src/settings/docs.js';

for (const { file } of syncSettingsDocs(process.cwd(), true)) console.log(`rewrote the settings in ${file}`);
