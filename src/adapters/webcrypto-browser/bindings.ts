/**
 * What the page runs, and the one list both the page (page.ts) and the adapter (adapter.ts)
 * read: the `webcrypto` adapter's W3C bindings, the WICG modern-algorithms bindings
 * (ChaCha20-Poly1305, ML-KEM), and the intent resolutions of both (the `webcrypto` adapter's and the draft's ML-KEM ones), whose
 * operations make the documented calls as a user writes them.
 */
import type { IntentResolution } from '../../core/intent.js';
import type { Binding } from '../binding.js';
import { webcryptoAdapter, webcryptoBindings } from '../webcrypto.js';
import { webcryptoModernBindings, webcryptoModernIntents } from '../webcrypto-modern.js';

/** Every binding the page offers; the browser's own limits are tried at run time (capabilities.ts). */
export const PAGE_BINDINGS: readonly Binding[] = [...webcryptoBindings, ...webcryptoModernBindings];

/** The intent resolutions the page offers as called, by standard and intent id. */
export const PAGE_INTENTS: Readonly<Record<string, Readonly<Record<string, IntentResolution>>>> = {
  ...webcryptoAdapter.intents,
  ...webcryptoModernIntents,
};
