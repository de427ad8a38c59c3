/**
 * The fixed key pairs and self-signed certificates of the `container` family, made once with
 * `openssl genpkey` (then `openssl pkcs8 -topk8 -nocrypt`) and `openssl req -x509 -days 36500` (OpenSSL 3.0) and committed, so that every
 * run writes the same key and certificate: RSA-2048, P-256 and Ed25519. Secret keys are PKCS#8
 * DER, certificates DER, both as base64. Test keys: never use them for anything else.
 */

/** One fixture: a PKCS#8 secret key and its certificate. */
export interface ContainerFixture {
  readonly secretKey: string;
  readonly certificate: string;
}

/** The fixtures by the `keyType` parameter's values. */
export const CONTAINER_FIXTURES: Readonly<Record<string, ContainerFixture>> = {
  'rsa-2048': {
    secretKey:
      'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCj29WU+zSqHdPCi2tJnjbCFP8eBdnxmnDrh54lI3S7mVxA' +
      'td8NAV3zQwaUW3FAlRl/USLPSHnylb1QCp6BELVeRLU///YHwWQ5xb+D10qqmQWd4TD/MgXcCHYMk0mWR6kCh3cP3MCzIjw1' +
      'R2Ghn9KvGGlq5swE7HhRXUMRFWPumRPzgCfaxqRRAKgeJ899HPfB8r7c/taQF857IdXvBirn0VomCFvqPLqufxe91/2GSLSd' +
      'IM5K0cRoCcz7rqYy70jiM+6xV8LCSZDhIU0LmNBOu6U08E0/ZwnoXCuTsAA7vw4bzxA3pmOSH45aJWxS4IW7W0O5pssO51Fh' +
      'GwouuX39AgMBAAECggEAC+8TbbZjph3Q1yr/x/IRA2QeQNcaFy2mxTn7Q4cC9gnL7VOW+JPC/lgBQetXWCXedZvDaQIv4td9' +
      '3Pc/sYngZ7VMgmos2/DoEN7CiBff59pdYsZXTZ1x+KNDc77YvcGfgSARb2iQvqCC7uTGwHZ11KD2xogjekVTAvwDny97Ynxf' +
      'oTc9voWi5Ycs0CI/64fflDqmad8zwLrGyBJcBbL1IVR88Y1XXE7c8uAQvPOe7vmuy+97nTXIp0Zp4g5hvxUGmjKK88BiA5Or' +
      'KlpC0vKbscn/JCD5cPFQpzQDwLsZQz61KO3KGw92m80mbn/ftte8Ihzz5tfYrLKNnGlfZC1ggQKBgQDN6zpYkkYf38dfWtk4' +
      'xl4j2khYS7KfCIffgLjS+TMIYhzdkapLtTSWL/CcU//XsdMuQND91FOfGRfpprEdFxcz+A2ERMDwelIFD/B1417C/bgKDMsj' +
      '5zYCIBBgvA+oDnfnQOgrbJQRUM9xiI3wh1cfz0pXzzOMmyEyqn7MTMCPfQKBgQDLteOCbeeg+KVg/SzAbRcPE2MxmSdD6MXA' +
      'EL7myk+KEwUiF5uysnFxnKPbrme7fsNwyxiL0r6RTnDRalTbpitv43FGw5n3lNG+VJSTtcMHxDEmTucrjpAQm9Qw0HliU5ng' +
      '54kU1KQ8uYdhAssnLPhhu8FKwHj/7i+cUmDFp5zwgQKBgDogoMPH5suwm9MrDg6c0I5GXA2wsKd7/P72kzXa6rD/IS7ao7vj' +
      'VwjeV4mJnLsCk56G5XgBq+lJaBqo125iykX9S7N+xQgdP3H2YealXGamwID1w5JK/k/zRSxJahICo45AIEnByLpqmWRvK8Iu' +
      'MkXkehP3hZG3aNOolUqOj/zxAoGABJtGW8q0dDVrN/hBrNBKtzKPCa4W7zgyUJeQWZO1nL+1XAIAqVfTrOgH5I3bFqhVLxXI' +
      'plDLsml9r56h8J2fWdZg12LQ9oJNA+rRuU1g7aoIGn+qRpfgth9v+vKb7BdL4YQa23e7hwwC/bScd3RS4ZLnWhNkKRVvyi8q' +
      'tQ2HRQECgYEAs1nypcPBbGZhBAxdHWTarf7MPEhOeeG/tJpYUAeZizurP7SZwuwL2OS4erdAwGHbmJiVaJH80wIhfZZNYUzT' +
      '+/xyrLkaHlPyFMtA5l3yq97HHww6M4kC451+dNgyFttf3HYUJYUAcYXb0iJVe8hM7s0804xQl5Dv1Jq+SWCthN4=',
    certificate:
      'MIIDPzCCAiegAwIBAgIUWBTJa9hplCkw4rNUWGYtBPPM5E8wDQYJKoZIhvcNAQELBQAwLjEsMCoGA1UEAwwjYm90aGVuZHMg' +
      'Y29udGFpbmVyIGZpeHR1cmUgcnNhLTIwNDgwIBcNMjYxMjA1MDEzMjMyWhgPMjEyNjExMTEwMTMyMzJaMC4xLDAqBgNVBAMM' +
      'I2JvdGhlbmRzIGNvbnRhaW5lciBmaXh0dXJlIHJzYS0yMDQ4MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAo9vV' +
      'lPs0qh3TwotrSZ42whT/HgXZ8Zpw64eeJSN0u5lcQLXfDQFd80MGlFtxQJUZf1Eiz0h58pW9UAqegRC1XkS1P//2B8FkOcW/' +
      'g9dKqpkFneEw/zIF3Ah2DJNJlkepAod3D9zAsyI8NUdhoZ/SrxhpaubMBOx4UV1DERVj7pkT84An2sakUQCoHifPfRz3wfK+' +
      '3P7WkBfOeyHV7wYq59FaJghb6jy6rn8Xvdf9hki0nSDOStHEaAnM+66mMu9I4jPusVfCwkmQ4SFNC5jQTrulNPBNP2cJ6Fwr' +
      'k7AAO78OG88QN6Zjkh+OWiVsUuCFu1tDuabLDudRYRsKLrl9/QIDAQABo1MwUTAdBgNVHQ4EFgQUqLcIlkYgNMgtDK/SYOY+' +
      '+brtnuYwHwYDVR0jBBgwFoAUqLcIlkYgNMgtDK/SYOY++brtnuYwDwYDVR0TAQH/BAUwAwEB/zANBgkqhkiG9w0BAQsFAAOC' +
      'AQEAV1Ts1Cxazx86HFknC8OxLwh4D4uqXEZ19sLpxeWH3wfaS878NAa1TvEXnw3o4UsIheY2I+LZ26krZeDRDgJM9BTnJtk0' +
      'b87It+koBhLreH0D3opks5baV4liEmNzeloq42y6rYSwSGxTMJscYiRWpbuBeT1Pr5Dyd4wL6P/rZ8H2g9J+TW8R9OdZ8YMV' +
      'pNMyI66LIm7EKJN5bsAIsURNaHFiNz4SW0GMiviM0KGjZAiu39yj6ea5C3325iY2oMx9z06YMyx1csfIXl/auWXh+Pxyq3X3' +
      '134rb7gA29EBDqTXIH28tYn930JyNx742GwNj7hf0uuONi8uXq0/ZhrYjQ==',
  },
  'p-256': {
    secretKey:
      'MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgVmZBwN+yCUpxfE/VywavAZml8ukzi3ppYKuVkZqtpkihRANC' +
      'AASVet71L7TNsT3vdnaILiU6Tabyk4kSpPOnYLqD0h6eytdgAQF4LV95z2jmlqlUXMfVWSvR89CMoyowZVfuBlM+',
    certificate:
      'MIIBrTCCAVOgAwIBAgIUXFYeMl+GJsR6ATZYsYaAYkhA7x0wCgYIKoZIzj0EAwIwKzEpMCcGA1UEAwwgYm90aGVuZHMgY29u' +
      'dGFpbmVyIGZpeHR1cmUgcC0yNTYwIBcNMjYxMjA1MDEzMjMyWhgPMjEyNjExMTEwMTMyMzJaMCsxKTAnBgNVBAMMIGJvdGhl' +
      'bmRzIGNvbnRhaW5lciBmaXh0dXJlIHAtMjU2MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAElXre9S+0zbE973Z2iC4lOk2m' +
      '8pOJEqTzp2C6g9IensrXYAEBeC1fec9o5papVFzH1Vkr0fPQjKMqMGVX7gZTPqNTMFEwHQYDVR0OBBYEFBdO10Jdap4T3m3P' +
      'Vpm27UcFoc9MMB8GA1UdIwQYMBaAFBdO10Jdap4T3m3PVpm27UcFoc9MMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwID' +
      'SAAwRQIgEVlkcAdZSP/8ismSyphnOXDupyZ6Hp/93u59t2PLPZoCIQChXvblT4a7W8JurSp36uvdtXKNtG/EDTDw5MLPRArM' +
      'gw==',
  },
  ed25519: {
    secretKey: 'MC4CAQAwBQYDK2VwBCIEIHv8qgy3gXernm2oC72uRuD3mE0oNWGuWgBy/GQPwWId',
    certificate:
      'MIIBcTCCASOgAwIBAgIUMHfeZzdY/a9GGMcekg76V88BMLwwBQYDK2VwMC0xKzApBgNVBAMMImJvdGhlbmRzIGNvbnRhaW5l' +
      'ciBmaXh0dXJlIGVkMjU1MTkwIBcNMjYxMjA1MDEzMjMyWhgPMjEyNjExMTEwMTMyMzJaMC0xKzApBgNVBAMMImJvdGhlbmRz' +
      'IGNvbnRhaW5lciBmaXh0dXJlIGVkMjU1MTkwKjAFBgMrZXADIQCl6xXyYVgcqDhJScMEmwLDTEhoRiFC2F8LeupanWfcnaNT' +
      'MFEwHQYDVR0OBBYEFKCLrYPsvHEy5WmPOl6ko+ks5r38MB8GA1UdIwQYMBaAFKCLrYPsvHEy5WmPOl6ko+ks5r38MA8GA1Ud' +
      'EwEB/wQFMAMBAf8wBQYDK2VwA0EAKhklLzINSlf+MQx2Ou6pGVkY7BRARUJhZdVqppbvFmbO9QYPFjVFLQ0l8/lLZYtiQZps' +
      'gcgL8j07ya9mr/lMCg==',
  },
};
