// The job summary's sentences about the backend choice and the Actions cache (plain text; the
// summary escapes them).
import { formatBytes } from '../cacheprog/stats.js';
import type { ActionsCacheSummary } from './actions-cache-steps.js';
import { sentence } from '../util/text.js';

function age(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} days`;
}

export function actionsCacheNotes(s: ActionsCacheSummary): string[] {
  const out = [`Backend: ${s.backend}, because ${sentence(s.backendReason)}`];
  if (s.github) {
    const { restore, save } = s.github;
    if (restore.restoredKey) {
      const old = restore.ageMs !== undefined ? `, saved ${age(restore.ageMs)} ago` : '';
      const base = restore.baseKey ? ` (a delta) and its base ${restore.baseKey}` : '';
      out.push(
        `Restored ${restore.restoredKey}${base} from the Actions cache: ${restore.entries ?? 0} entries, ${formatBytes(restore.bytes ?? 0)}${old}, verified, in ${(restore.ms / 1000).toFixed(1)} s.`,
      );
      if (restore.rejected)
        out.push(
          `⚠️ ${restore.rejected} restored ${restore.rejected === 1 ? 'output' : 'outputs'} did not match ${restore.rejected === 1 ? 'its' : 'their'} name (sha256) and ${restore.rejected === 1 ? 'was' : 'were'} dropped before go could read ${restore.rejected === 1 ? 'it' : 'them'}.`,
        );
    } else {
      out.push(`Nothing restored from the Actions cache: ${sentence(restore.reason ?? 'no entry')}`);
    }
    if (save?.saved)
      out.push(
        `Saved ${save.key} (${save.kind}): ${save.files} files, ${formatBytes(save.bytes)}, ${save.added} new entries, in ${(save.ms / 1000).toFixed(1)} s.`,
      );
    else if (save) out.push(`Build cache not saved: ${sentence(save.reason)}`);
  }
  if (s.modules) {
    const { restore, save } = s.modules;
    if (restore.restoredKey) {
      out.push(
        `Module cache: restored ${restore.restoredKey}${restore.exact ? '' : ' (a restore key)'}, ${restore.files ?? 0} files, ${formatBytes(restore.bytes ?? 0)}.`,
      );
    } else {
      out.push(`Module cache: nothing restored: ${sentence(restore.reason ?? 'no entry')}`);
    }
    if (save?.saved) out.push(`Module cache saved as ${save.key}: ${save.files} files, ${formatBytes(save.bytes)}.`);
    else if (save && restore.key) out.push(`Module cache not saved: ${sentence(save.reason)}`);
  }
  return out;
}
