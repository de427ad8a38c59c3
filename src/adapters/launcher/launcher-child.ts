/**
 * The launcher process (see launcher.ts): starts the programs the suite's subprocess adapters
 * run, on request of the bothends process over the IPC channel, and answers with what each
 * did. It stays small (it loads nothing but node:child_process), so starting a program costs
 * it a few milliseconds; in a bothends process holding hundreds of megabytes of worker heaps,
 * the same fork copied page tables for 50 ms of blocked event loop and 20 ms of system CPU.
 */
import { execProgram } from './exec.js';
import type { LaunchReply, LaunchRequest } from './launcher.js';

process.on('message', (m: LaunchRequest) => {
  void execProgram(m.file, m.args, m.options).then((outcome) => process.send!({ id: m.id, ...outcome } satisfies LaunchReply));
});
// The bothends process went away: so does the launcher (its children finish on their own).
process.on('disconnect', () => process.exit(0));
