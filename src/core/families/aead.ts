/** The `aead` family: symmetric encryption with associated data (AES-GCM, ChaCha20-Poly1305…). */
import { symmetricFamily } from './symmetric.js';

export const aead = symmetricFamily('aead', true);
