/** The `cipher` family: symmetric encryption without associated data (AES-CBC, AES-CTR, secretbox…). */
import { symmetricFamily } from './symmetric.js';

export const cipher = symmetricFamily('cipher', false);
