/**
 * What the three CMS adapters (forge-cms, pkijs-cms, openssl-cms) share: the recipient
 * matching rules the tests rely on.
 */

/** The common name the CMS adapters put into their self-signed certificates. */
export const certificateName = (adapterId: string): string => `bothends ${adapterId} recipient`;
