/**
 * RFC 9180 Appendix A.1.1 (base mode, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-128-GCM), in
 * the test-vectors.json shape: its first two encryptions and its first and last exports.
 */
export const RFC9180_A11 = {
  mode: 0,
  kem_id: 32,
  kdf_id: 1,
  aead_id: 1,
  info: '4f6465206f6e2061204772656369616e2055726e',
  ikmR: '6db9df30aa07dd42ee5e8181afdb977e538f5e1fec8a06223f33f7013e525037',
  ikmE: '7268600d403fce431561aef583ee1613527cff655c1343f29812e66706df3234',
  skRm: '4612c550263fc8ad58375df3f557aac531d26850903e55a9f23f21d8534e8ac8',
  skEm: '52c4a758a802cd8b936eceea314432798d5baf2d7e9235dc084ab1b9cfa2f736',
  pkRm: '3948cfe0ad1ddb695d780e59077195da6c56506b027329794ab02bca80815c4d',
  pkEm: '37fda3567bdbd628e88668c3c8d7e97d1d1253b6d4ea6d44c150f741f1bf4431',
  enc: '37fda3567bdbd628e88668c3c8d7e97d1d1253b6d4ea6d44c150f741f1bf4431',
  encryptions: [
    {
      aad: '436f756e742d30',
      ct: 'f938558b5d72f1a23810b4be2ab4f84331acc02fc97babc53a52ae8218a355a96d8770ac83d07bea87e13c512a',
      nonce: '56d890e5accaaf011cff4b7d',
      pt: '4265617574792069732074727574682c20747275746820626561757479',
    },
    {
      aad: '436f756e742d31',
      ct: 'af2d7e9ac9ae7e270f46ba1f975be53c09f8d875bdc8535458c2494e8a6eab251c03d0c22a56b8ca42c2063b84',
      nonce: '56d890e5accaaf011cff4b7c',
      pt: '4265617574792069732074727574682c20747275746820626561757479',
    },
  ],
  exports: [
    { exporter_context: '', L: 32, exported_value: '3853fe2b4035195a573ffc53856e77058e15d9ea064de3e59f4961d0095250ee' },
    { exporter_context: '54657374436f6e74657874', L: 32, exported_value: 'e9e43065102c3836401bed8c3c3c75ae46be1639869391d62c61f1ec7af54931' },
  ],
};
