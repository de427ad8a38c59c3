/**
 * Fixed keys of the `openpgp` standard's parameter sets, made once by openpgp.js 6 (v4,
 * EdDSALegacy + ECDH Cv25519, which every peer reads; no passphrase) and committed: the second
 * recipient of `recipients: 2` (nobody decrypts with it: it only adds a PKESK every consumer
 * must skip) and the signer of `signed: true` (every producer signs with its TSK, every
 * consumer verifies with its cert). Base64 of the binary transferable keys.
 */

/** The second recipient's certificate. */
export const SECOND_RECIPIENT_CERT_B64 =
  'xjMEaVW5ABYJKwYBBAHaRw8BAQdARcJJbFPQGNW6+sdD1nAxNTtDiO+MOaOisTrYxWwZWlDNPWJvdGhlbmRzIHNlY29uZCBy' +
  'ZWNpcGllbnQgPHNlY29uZC1yZWNpcGllbnRAYm90aGVuZHMuaW52YWxpZD7CwBMEExYKAIUFgmlVuQADCwkHCRAL4AoGOUyo' +
  'oUUUAAAAAAAcACBzYWx0QG5vdGF0aW9ucy5vcGVucGdwanMub3JnmWR8FzvYcQPDJNmoiaO04UCFRNbR2Z5+CURFKhHHpXoF' +
  'FQoIDgwEFgACAQIZAQKbAwIeARYhBMnDaTLKyDLh6LPEwgvgCgY5TKihAADpQgEAxOmtnD2wDc4aVGwcQzGP3tQAzDOGa/YI' +
  'OHi2uMpSdiEA/2LIIbNF4pK27med33eebfDMN/ID1eeo85NUlHOD1xYGzjgEaVW5ABIKKwYBBAGXVQEFAQEHQHbZTCekosex' +
  'JGgiSC5gJev6GPt5VsaIgrXJZ3vL36g6AwEIB8K+BBgWCgBwBYJpVbkACRAL4AoGOUyooUUUAAAAAAAcACBzYWx0QG5vdGF0' +
  'aW9ucy5vcGVucGdwanMub3JnQLa7QnYIpKF0wAERHyugLydtCTl1sZbMl5BMeEXqHR4CmwwWIQTJw2kyysgy4eizxMIL4AoG' +
  'OUyooQAA2tkA/3XYVXUSvfdSWYjrSFp/ksAyBqKMZQ0z7zY344DX0oO+AQDUPk+kLZQcFBIxFRuDHcxQ5wqX83jAY4QlvNQl' +
  '3jlyAw==';

/** The signer's transferable secret key. */
export const SIGNER_KEY_B64 =
  'xVgEaVW5ABYJKwYBBAHaRw8BAQdA+m1oDEVX4l0DR/8kQVgh/0EA11K4OQO59qKmbUgAkjEAAQCgLTCuUwWrJb+NWGnQDIFo' +
  'sjCm8KytVwipdNnQ1NO7GhAYzSlib3RoZW5kcyBzaWduZXIgPHNpZ25lckBib3RoZW5kcy5pbnZhbGlkPsLAEwQTFgoAhQWC' +
  'aVW5AAMLCQcJEJ4fnvfwsKChRRQAAAAAABwAIHNhbHRAbm90YXRpb25zLm9wZW5wZ3Bqcy5vcmcbchbMnSSeDGi7DtH52UT7' +
  '3aIZv9K8MJPBi/7QCxSknQUVCggODAQWAAIBAhkBApsDAh4BFiEE8C1XjkBvCoaIZRUDnh+e9/CwoKEAAJwXAPwLncIvdWsk' +
  'iqgzmJ5DYJH2eeW83VPqOl5X9pKVeqCJKAEA/AlASxtdIs0T8PdKXRddeqwe84ZFuKPC15uBKPwhPAPHXQRpVbkAEgorBgEE' +
  'AZdVAQUBAQdAlfDIynAGM6v9x9hEjQ9EKQq5W/LBvSNoLsIz+bq5vWcDAQgHAAD/Spz1NoKO+F4//DNSZrP5GTkdlDZNtAM9' +
  'gY7SlRXNyJgQesK+BBgWCgBwBYJpVbkACRCeH5738LCgoUUUAAAAAAAcACBzYWx0QG5vdGF0aW9ucy5vcGVucGdwanMub3Jn' +
  'G3UMsdkHU9YwTROLpDpQ9y6KehgYXM3aN+WlRLySiI8CmwwWIQTwLVeOQG8KhohlFQOeH5738LCgoQAA9o4BAJApQUDs32Nc' +
  'zgW5nXdSf1VVaonjmMeAXUzV5QkxbLbUAP9Ylin52U4xnF50VvbmLvWDAeeS4w54pJQoElcF0F/UAQ==';

/** The signer's certificate. */
export const SIGNER_CERT_B64 =
  'xjMEaVW5ABYJKwYBBAHaRw8BAQdA+m1oDEVX4l0DR/8kQVgh/0EA11K4OQO59qKmbUgAkjHNKWJvdGhlbmRzIHNpZ25lciA8' +
  'c2lnbmVyQGJvdGhlbmRzLmludmFsaWQ+wsATBBMWCgCFBYJpVbkAAwsJBwkQnh+e9/CwoKFFFAAAAAAAHAAgc2FsdEBub3Rh' +
  'dGlvbnMub3BlbnBncGpzLm9yZxtyFsydJJ4MaLsO0fnZRPvdohm/0rwwk8GL/tALFKSdBRUKCA4MBBYAAgECGQECmwMCHgEW' +
  'IQTwLVeOQG8KhohlFQOeH5738LCgoQAAnBcA/Audwi91aySKqDOYnkNgkfZ55bzdU+o6Xlf2kpV6oIkoAQD8CUBLG10izRPw' +
  '90pdF116rB7zhkW4o8LXm4Eo/CE8A844BGlVuQASCisGAQQBl1UBBQEBB0CV8MjKcAYzq/3H2ESND0QpCrlb8sG9I2guwjP5' +
  'urm9ZwMBCAfCvgQYFgoAcAWCaVW5AAkQnh+e9/CwoKFFFAAAAAAAHAAgc2FsdEBub3RhdGlvbnMub3BlbnBncGpzLm9yZxt1' +
  'DLHZB1PWME0Ti6Q6UPcuinoYGFzN2jflpUS8koiPApsMFiEE8C1XjkBvCoaIZRUDnh+e9/CwoKEAAPaOAQCQKUFA7N9jXM4F' +
  'uZ13Un9VVWqJ45jHgF1M1eUJMWy21AD/WJYp+dlOMZxedFb25i71gwHnkuMOeKSUKBJXBdBf1AE=';
