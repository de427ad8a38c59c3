/**
 * Why a library of primitives claims none of the message formats (CMS, JWE, HPKE, age,
 * OpenPGP): they are whole message formats with their own adapters, some of them built on one
 * of these libraries, and a primitives adapter would only re-implement them badly.
 */

/** The message-format standards, by id, with how the reports name them. */
const MESSAGE_FORMATS: Readonly<Record<string, string>> = {
  'cms-enveloped': 'CMS EnvelopedData (RFC 5652)',
  jwe: 'JWE (RFC 7516)',
  hpke: 'HPKE (RFC 9180)',
  'age-x25519': 'age with X25519 recipients',
  'age-scrypt': 'age with scrypt passphrases',
  openpgp: 'OpenPGP public-key encryption (RFC 9580)',
  'openpgp-password': 'OpenPGP password encryption (RFC 9580)',
  pkcs12: 'PKCS#12 key container (RFC 7292)',
  'pkcs8-encrypted': 'encrypted PKCS#8 key container (RFC 5958)',
};

/**
 * A gap for every message format: `library` offers primitives, not the format. `builtOn`
 * names, per format, the adapter that implements the format on top of this library.
 */
export function messageFormatGaps(library: string, builtOn: Readonly<Record<string, string>> = {}): Record<string, string> {
  const gaps: Record<string, string> = {};
  for (const [id, title] of Object.entries(MESSAGE_FORMATS)) {
    const via = builtOn[id];
    gaps[id] = `${library} offers primitives, not the ${title} message format${via ? `; the ${via} adapter implements it on top of ${library}` : '; bothends tests it through the adapters that implement the format'}`;
  }
  return gaps;
}
