/*
 * java-ref: the bothends reference adapter in Java, JDK 17 only (no libraries).
 *
 * Run as a single-file source program:  java src/adapters/java-ref/BothendsRef.java
 * Speaks the bothends adapter protocol, version 1 (docs/adapter-protocol.md): one JSON object
 * per line, a hello first, then one response per request, bytes in base64. Requests run on a
 * small thread pool, so answers may come in any order; each carries its request's id.
 *
 * JDK facts this adapter relies on:
 * - AES/GCM/NoPadding (SunJCE GaloisCounterMode) accepts tags of 96 to 128 bits only and any
 *   IV of at least one byte; output is ciphertext || tag, as bothends' canonical layout.
 * - AES/CBC/PKCS5Padding is PKCS#7 padding for 16-byte blocks.
 * - AES/CTR/NoPadding increments the whole 16-byte block as one 128-bit counter.
 * - X25519 keys are BigIntegers (public u) and raw scalars (private): the adapter converts
 *   RFC 7748 little-endian strings, masking bit 255 of u as RFC 7748 §5 requires. The JDK
 *   refuses an all-zero shared secret (InvalidKeyException), which is a rejection.
 * - Keys are DER only (X.509 SubjectPublicKeyInfo, PKCS#8): the JDK 17 has no PEM or JWK.
 *   Raw X25519 and SEC 1 EC keys go through XEC/EC key specs, converted here.
 * - RSA/ECB/OAEPPadding with an OAEPParameterSpec takes the OAEP hash, the MGF1 hash and the
 *   label separately. The hello's intents say how the plain transformation strings resolve
 *   "RSA-OAEP with SHA-256" ("RSA/ECB/OAEPWithSHA-256AndMGF1Padding": MGF1 is SHA-1 whatever
 *   the OAEP hash) and "RSA-OAEP"; requests naming an intent run exactly those calls.
 * - Key containers: KeyStore.getInstance("PKCS12").load(stream, password) checks the MAC (and
 *   refuses MAC iteration counts above 5,000,000); getKey and getCertificate give the key as
 *   PKCS#8 and the certificate as DER. An encrypted PKCS#8 is read the JCE way: a
 *   SecretKeyFactory and Cipher named after EncryptedPrivateKeyInfo's algorithm parameters,
 *   then getKeySpec. The password is a char[] of the UTF-8 text. The explicit operations only
 *   read: the JDK chooses the certificate encryption, the MAC and their counts only through
 *   security properties that hold for the whole process (keystore.pkcs12.*). Written as the
 *   KeyStore documentation calls it (setKeyEntry, then store(out, password), no property set),
 *   JDK 17 writes PBES2 (hmacWithSHA256, AES-256-CBC) for the key and the certificates with
 *   10,000 iterations and 20-byte salts, and an HMAC-SHA-256 MAC of 10,000 iterations with a
 *   20-byte salt, whatever the key type (measured from its files); its PBES2 and MAC keys
 *   (PBEKey) take only printable ASCII passwords ("Password is not ASCII").
 */
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.io.ByteArrayInputStream;
import java.security.Key;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.Certificate;
import java.util.Collections;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAKey;
import java.security.interfaces.XECKey;
import java.security.interfaces.XECPrivateKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

public final class BothendsRef {
    static final int PROTOCOL = 1;
    static final List<String> OPS = List.of("encrypt", "decrypt", "generateKeyPair", "derive", "encapsulate", "decapsulate", "write", "read");

    /** An error reply with one of the protocol's codes. */
    static final class Reply extends Exception {
        final String code;

        Reply(String code, String message) {
            super(message);
            this.code = code;
        }
    }

    static Reply rejected(String m) { return new Reply("rejected", m); }
    static Reply unsupported(String m) { return new Reply("unsupported", m); }
    static Reply badRequest(String m) { return new Reply("bad-request", m); }

    /** The values of one parameter this adapter can express: a list, or an integer range. */
    record ParamClaim(List<Object> values, long min, long max, String reason) {
        static ParamClaim of(String reason, Object... values) { return new ParamClaim(List.of(values), 0, -1, reason); }
        static ParamClaim range(long min, long max, String reason) { return new ParamClaim(null, min, max, reason); }

        boolean admits(Object v) {
            if (values != null) return values.contains(v);
            return v instanceof Long n && n >= min && n <= max;
        }

        Map<String, Object> wire() {
            Map<String, Object> m = new LinkedHashMap<>();
            if (values != null) m.put("values", values);
            else { m.put("min", min); m.put("max", max); }
            if (reason != null) m.put("reason", reason);
            return m;
        }
    }

    /** One operation: named bytes in, named bytes out. */
    interface Op { Map<String, byte[]> run(Map<String, Object> p, Map<String, byte[]> in) throws Exception; }

    /** One standard as this adapter does it. */
    record Binding(Map<String, List<String>> inputs, Map<String, ParamClaim> params, Function<Map<String, Object>, Map<String, Integer>> sizes, Map<String, Op> ops, String minCiphertext) {
        Map<String, Object> claim() {
            Map<String, Object> params = new LinkedHashMap<>();
            this.params.forEach((n, c) -> params.put(n, c.wire()));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ops", new ArrayList<>(ops.keySet()));
            m.put("params", params);
            return m;
        }
    }

    /** Input names by family of standard (src/core/standard.ts). */
    static Map<String, List<String>> symmetricInputs(String nonce, boolean aad) {
        List<String> common = aad ? List.of("key", nonce, "aad") : List.of("key", nonce);
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("encrypt", append(common, "plaintext"));
        m.put("decrypt", append(common, "ciphertext"));
        return m;
    }

    static Map<String, List<String>> agreementInputs() {
        return Map.of("generateKeyPair", List.of(), "derive", List.of("secretKey", "publicKey"));
    }

    static List<String> append(List<String> list, String last) {
        List<String> out = new ArrayList<>(list);
        out.add(last);
        return out;
    }

    static long num(Map<String, Object> p, String name) { return (Long) p.get(name); }

    // --- Symmetric ciphers through JCE transformation strings --------------------------------

    interface SpecMaker { java.security.spec.AlgorithmParameterSpec make(Map<String, Object> p, byte[] nonce); }

    /** encrypt and decrypt of one JCE transformation; AEADs also feed the AAD. */
    static Map<String, Op> jce(String transformation, String keyAlgorithm, String nonceName, boolean aad, SpecMaker spec) {
        Op encrypt = (p, in) -> Map.of("ciphertext", run(Cipher.ENCRYPT_MODE, transformation, keyAlgorithm, nonceName, aad, spec, p, in, "plaintext"));
        Op decrypt = rejecting((p, in) -> Map.of("plaintext", run(Cipher.DECRYPT_MODE, transformation, keyAlgorithm, nonceName, aad, spec, p, in, "ciphertext")));
        Map<String, Op> m = new LinkedHashMap<>();
        m.put("encrypt", encrypt);
        m.put("decrypt", decrypt);
        return m;
    }

    static byte[] run(int mode, String transformation, String keyAlgorithm, String nonceName, boolean aad, SpecMaker spec, Map<String, Object> p, Map<String, byte[]> in, String data) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance(transformation);
        c.init(mode, new SecretKeySpec(in.get("key"), keyAlgorithm), spec.make(p, in.get(nonceName)));
        if (aad) c.updateAAD(in.get("aad"));
        return c.doFinal(in.get(data));
    }

    /**
     * TDEA keying option 2 (NIST SP 800-67 §3.1) is K1, K2, K1. The JCE's DESede takes the
     * 24-byte K1 || K2 || K3 only (a 16-byte key is an InvalidKeyException), so K3 = K1 is
     * spelled out here: an exact translation of the parameter, not a default.
     */
    static Map<String, Op> tdeaKeying(Map<String, Op> ops) {
        Map<String, Op> m = new LinkedHashMap<>();
        ops.forEach((name, op) -> m.put(name, (p, in) -> {
            if (!str(p, "keying").equals("two-key-k1k2k1")) return op.run(p, in);
            byte[] k = in.get("key");
            byte[] k1k2k1 = Arrays.copyOf(k, 24);
            System.arraycopy(k, 0, k1k2k1, 16, 8);
            Map<String, byte[]> copy = new LinkedHashMap<>(in);
            copy.put("key", k1k2k1);
            return op.run(p, copy);
        }));
        return m;
    }

    /** The JDK signals invalid input with these exceptions: on the receiving side, a rejection. */
    static Op rejecting(Op op) {
        return (p, in) -> {
            try {
                return op.run(p, in);
            } catch (GeneralSecurityException e) {
                throw rejected(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            }
        };
    }

    // --- Key pairs in each keyFormat (src/core/registry.ts KEY_FORMATS) ---------------------

    /** A key encoding the JDK has no API for, converted by this adapter: raw X25519, SEC 1 EC. */
    interface OwnFormat {
        Map<String, byte[]> export(Map<String, Object> p, KeyPair kp) throws Exception;
        PublicKey publicKey(Map<String, Object> p, byte[] b) throws Exception;
        PrivateKey secretKey(Map<String, Object> p, byte[] b) throws Exception;
    }

    /**
     * One key type: `der` is the JDK's own encoding (X.509 SubjectPublicKeyInfo, PKCS#8),
     * read back through KeyFactory; other formats are listed in `own`. Keys that cannot be
     * read, or fail `check`, are a rejection.
     */
    record Keys(String factory, Map<String, OwnFormat> own, KeyCheck check) {
        Map<String, byte[]> export(Map<String, Object> p, KeyPair kp) throws Exception {
            OwnFormat f = own.get(str(p, "keyFormat"));
            if (f != null) return f.export(p, kp);
            return Map.of("secretKey", kp.getPrivate().getEncoded(), "publicKey", kp.getPublic().getEncoded());
        }

        PublicKey publicKey(Map<String, Object> p, byte[] b) throws Reply {
            return checked(p, "public", () -> {
                OwnFormat f = own.get(str(p, "keyFormat"));
                return f != null ? f.publicKey(p, b) : KeyFactory.getInstance(factory).generatePublic(new X509EncodedKeySpec(b));
            });
        }

        PrivateKey secretKey(Map<String, Object> p, byte[] b) throws Reply {
            return checked(p, "secret", () -> {
                OwnFormat f = own.get(str(p, "keyFormat"));
                return f != null ? f.secretKey(p, b) : KeyFactory.getInstance(factory).generatePrivate(new PKCS8EncodedKeySpec(b));
            });
        }

        private <K extends Key> K checked(Map<String, Object> p, String which, KeyReader<K> read) throws Reply {
            K key;
            try {
                key = read.read();
            } catch (Reply r) {
                throw r;
            } catch (Exception e) {
                throw rejected("cannot read the " + which + " key as " + str(p, "keyFormat") + ": " + e);
            }
            String problem = check.problem(p, key);
            if (problem != null) throw rejected(problem);
            return key;
        }
    }

    interface KeyReader<K> { K read() throws Exception; }
    interface KeyCheck { String problem(Map<String, Object> p, Key key); }

    static String str(Map<String, Object> p, String name) { return (String) p.get(name); }

    static final String NO_PEM_JWK = "the JDK reads and writes keys as DER only (X509EncodedKeySpec, PKCS8EncodedKeySpec): it has no PEM or JWK";

    // --- X25519 ------------------------------------------------------------------------------

    static byte[] littleEndian32(BigInteger v) {
        byte[] be = v.toByteArray();
        byte[] out = new byte[32];
        for (int i = 0; i < 32 && i < be.length; i++) out[i] = be[be.length - 1 - i];
        return out;
    }

    static BigInteger uCoordinate(byte[] raw) {
        byte[] be = new byte[32];
        for (int i = 0; i < 32; i++) be[i] = raw[31 - i];
        be[0] &= 0x7f; // RFC 7748 §5: mask the most significant bit of the final byte
        return new BigInteger(1, be);
    }

    static final Keys X25519_KEYS = new Keys("XDH", Map.of("raw", new OwnFormat() {
        public Map<String, byte[]> export(Map<String, Object> p, KeyPair kp) {
            byte[] scalar = ((XECPrivateKey) kp.getPrivate()).getScalar().orElseThrow();
            return Map.of("secretKey", scalar, "publicKey", littleEndian32(((XECPublicKey) kp.getPublic()).getU()));
        }
        public PublicKey publicKey(Map<String, Object> p, byte[] b) throws Exception {
            return KeyFactory.getInstance("XDH").generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, uCoordinate(b)));
        }
        public PrivateKey secretKey(Map<String, Object> p, byte[] b) throws Exception {
            return KeyFactory.getInstance("XDH").generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, b));
        }
    }), (p, k) -> k instanceof XECKey x && x.getParams() instanceof NamedParameterSpec n && n.getName().equalsIgnoreCase("X25519") ? null : "not an X25519 key");

    // --- ECDH over the NIST curves -----------------------------------------------------------

    static final Map<String, String> CURVES = Map.of("P-256", "secp256r1", "P-384", "secp384r1", "P-521", "secp521r1");

    static ECParameterSpec curveSpec(Map<String, Object> p) throws GeneralSecurityException {
        AlgorithmParameters a = AlgorithmParameters.getInstance("EC");
        a.init(new ECGenParameterSpec(CURVES.get(str(p, "curve"))));
        return a.getParameterSpec(ECParameterSpec.class);
    }

    static int fieldBytes(ECParameterSpec spec) { return (spec.getCurve().getField().getFieldSize() + 7) / 8; }

    static byte[] fixed(BigInteger v, int n) {
        byte[] be = v.toByteArray();
        byte[] out = new byte[n];
        int copy = Math.min(n, be.length);
        System.arraycopy(be, be.length - copy, out, n - copy, copy);
        return out;
    }

    static final Keys EC_KEYS = new Keys("EC", Map.of("sec1", new OwnFormat() {
        public Map<String, byte[]> export(Map<String, Object> p, KeyPair kp) throws Exception {
            int n = fieldBytes(curveSpec(p));
            ECPoint w = ((ECPublicKey) kp.getPublic()).getW();
            byte[] point = new byte[1 + 2 * n];
            point[0] = 4;
            System.arraycopy(fixed(w.getAffineX(), n), 0, point, 1, n);
            System.arraycopy(fixed(w.getAffineY(), n), 0, point, 1 + n, n);
            return Map.of("secretKey", fixed(((ECPrivateKey) kp.getPrivate()).getS(), n), "publicKey", point);
        }
        public PublicKey publicKey(Map<String, Object> p, byte[] b) throws Exception {
            ECParameterSpec spec = curveSpec(p);
            int n = fieldBytes(spec);
            // SEC 1 §2.3.4: only the uncompressed form 04 || x || y is read; anything else is invalid here.
            if (b.length != 1 + 2 * n || b[0] != 4) throw rejected("not an uncompressed " + str(p, "curve") + " point (SEC 1 §2.3.3)");
            BigInteger x = new BigInteger(1, Arrays.copyOfRange(b, 1, 1 + n));
            BigInteger y = new BigInteger(1, Arrays.copyOfRange(b, 1 + n, b.length));
            return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), spec));
        }
        public PrivateKey secretKey(Map<String, Object> p, byte[] b) throws Exception {
            ECParameterSpec spec = curveSpec(p);
            if (b.length != fieldBytes(spec)) throw rejected("a " + str(p, "curve") + " scalar is " + fieldBytes(spec) + " bytes");
            return KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(new BigInteger(1, b), spec));
        }
    }), (p, k) -> {
        try {
            return k instanceof ECKey e && e.getParams().getCurve().equals(curveSpec(p).getCurve()) ? null : "not a " + str(p, "curve") + " key";
        } catch (GeneralSecurityException ex) {
            return ex.toString();
        }
    });

    /** generateKeyPair and derive for a key agreement through `KeyAgreement`. */
    static Map<String, Op> agreement(Keys keys, String generator, String agreementName, Function<Map<String, Object>, java.security.spec.AlgorithmParameterSpec> genSpec) {
        Op generate = (p, in) -> {
            KeyPairGenerator g = KeyPairGenerator.getInstance(generator);
            java.security.spec.AlgorithmParameterSpec spec = genSpec.apply(p);
            if (spec != null) g.initialize(spec);
            return keys.export(p, g.generateKeyPair());
        };
        Op derive = rejecting((p, in) -> {
            KeyAgreement ka = KeyAgreement.getInstance(agreementName);
            ka.init(keys.secretKey(p, in.get("secretKey")));
            ka.doPhase(keys.publicKey(p, in.get("publicKey")), true);
            return Map.of("sharedSecret", ka.generateSecret());
        });
        Map<String, Op> m = new LinkedHashMap<>();
        m.put("generateKeyPair", generate);
        m.put("derive", derive);
        return m;
    }

    // --- RSA-OAEP and RSAES-PKCS1-v1_5 -------------------------------------------------------

    static final List<Object> HASHES = List.of("SHA-1", "SHA-224", "SHA-256", "SHA-384", "SHA-512");

    static final Keys RSA_KEYS = new Keys("RSA", Map.of(), (p, k) -> k instanceof RSAKey r && r.getModulus().bitLength() == num(p, "modulusBits") ? null : "not an RSA key of " + num(p, "modulusBits") + " bits");

    interface CipherMaker { Cipher make(int mode, Key key, Map<String, Object> p, Map<String, byte[]> in) throws GeneralSecurityException; }

    static Map<String, Op> rsa(CipherMaker cipher) {
        Op generate = (p, in) -> {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize((int) num(p, "modulusBits"));
            return RSA_KEYS.export(p, g.generateKeyPair());
        };
        Op encrypt = (p, in) -> Map.of("ciphertext", cipher.make(Cipher.ENCRYPT_MODE, RSA_KEYS.publicKey(p, in.get("publicKey")), p, in).doFinal(in.get("plaintext")));
        Op decrypt = rejecting((p, in) -> Map.of("plaintext", cipher.make(Cipher.DECRYPT_MODE, RSA_KEYS.secretKey(p, in.get("secretKey")), p, in).doFinal(in.get("ciphertext"))));
        Map<String, Op> m = new LinkedHashMap<>();
        m.put("generateKeyPair", generate);
        m.put("encrypt", encrypt);
        m.put("decrypt", decrypt);
        return m;
    }

    /** Explicit OAEP: every parameter in an OAEPParameterSpec. */
    static Cipher explicitOaep(int mode, Key key, Map<String, Object> p, Map<String, byte[]> in) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
        c.init(mode, key, new OAEPParameterSpec(str(p, "oaepHash"), "MGF1", new MGF1ParameterSpec(str(p, "mgf1Hash")), new PSource.PSpecified(in.get("label"))));
        return c;
    }

    static Cipher pkcs1(String transformation, int mode, Key key) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance(transformation);
        c.init(mode, key);
        return c;
    }

    static Map<String, List<String>> pkeInputs(boolean label) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("generateKeyPair", List.of());
        m.put("encrypt", label ? List.of("publicKey", "plaintext", "label") : List.of("publicKey", "plaintext"));
        m.put("decrypt", label ? List.of("secretKey", "ciphertext", "label") : List.of("secretKey", "ciphertext"));
        return m;
    }

    // --- Key containers (read only) ----------------------------------------------------------

    /** Every value bothends exercises, per parameter: a reader takes what the file says. */
    static final Map<String, List<Object>> PKCS12_PARAMS = new LinkedHashMap<>();
    static final Map<String, List<Object>> PKCS8_PARAMS = new LinkedHashMap<>();
    static {
        List<Object> keyTypes = List.of("rsa-2048", "p-256", "ed25519");
        List<Object> passwords = List.of("ascii", "empty", "long", "non-ascii");
        List<Object> schemes = List.of("pbes2-hmac-sha256-aes-256-cbc", "pbes2-hmac-sha256-aes-128-cbc", "pbes1-sha1-3des", "pbes1-sha1-rc2-40", "none");
        PKCS12_PARAMS.put("keyType", keyTypes);
        PKCS12_PARAMS.put("keyEncryption", schemes);
        PKCS12_PARAMS.put("certEncryption", schemes);
        PKCS12_PARAMS.put("iterations", List.of(2048L, 20000L, 600000L));
        PKCS12_PARAMS.put("saltBytes", List.of(8L, 16L));
        PKCS12_PARAMS.put("mac", List.of("hmac-sha256", "hmac-sha1", "pbmac1-hmac-sha256", "pbmac1-hmac-sha512", "pbmac1-hmac-sha256-prf-sha512", "none"));
        PKCS12_PARAMS.put("macIterations", List.of(1L, 2048L, 600000L));
        PKCS12_PARAMS.put("password", passwords);
        PKCS8_PARAMS.put("keyType", keyTypes);
        PKCS8_PARAMS.put("keyEncryption", List.of("pbes2-hmac-sha256-aes-256-cbc", "pbes2-hmac-sha256-aes-128-cbc", "pbes2-scrypt-aes-256-cbc", "pbes1-sha1-3des", "pbes1-md5-des", "pbes2-hmac-sha1-aes-128-cbc"));
        PKCS8_PARAMS.put("iterations", List.of(2048L, 600000L));
        PKCS8_PARAMS.put("scrypt", List.of("n16384-r8-p1"));
        PKCS8_PARAMS.put("saltBytes", List.of(8L, 16L));
        PKCS8_PARAMS.put("password", passwords);
    }

    static Map<String, ParamClaim> readAny(Map<String, List<Object>> all) {
        Map<String, ParamClaim> m = new LinkedHashMap<>();
        all.forEach((n, values) -> m.put(n, new ParamClaim(values, 0, -1, null)));
        return m;
    }

    /** The inputs of a container's operations: write (only as called, for an intent) and read. */
    static Map<String, List<String>> containerInputs(boolean certificate) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("write", certificate ? List.of("secretKey", "certificate", "password") : List.of("secretKey", "password"));
        m.put("read", List.of("container", "password"));
        return m;
    }

    /**
     * KeyStore.store reads the keystore.pkcs12.* properties, System properties first, at every
     * call: writes hold this lock, so that nothing in this process changes them during one.
     */
    static final Object KEYSTORE_PROPERTIES = new Object();

    /**
     * The PKCS#12 export as the KeyStore documentation writes it: an empty PKCS12 KeyStore,
     * setKeyEntry with the password and the certificate chain, store(out, password); no algorithm named.
     */
    static Map<String, byte[]> p12ExportAsDocumented(Map<String, Object> p, Map<String, byte[]> in) throws Exception {
        char[] pw = password(in);
        Certificate cert = java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(in.get("certificate")));
        PrivateKey key = KeyFactory.getInstance(cert.getPublicKey().getAlgorithm()).generatePrivate(new PKCS8EncodedKeySpec(in.get("secretKey")));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            ks.setKeyEntry("bothends", key, pw, new Certificate[] { cert });
            synchronized (KEYSTORE_PROPERTIES) {
                ks.store(out, pw);
            }
        } catch (KeyStoreException | IOException e) {
            // The JDK's PBEKey refuses a password beyond printable ASCII: the library refuses the input as called.
            throw rejected(e.getClass().getSimpleName() + ": " + e.getMessage() + (e.getCause() == null ? "" : " (cause: " + e.getCause().getMessage() + ")"));
        }
        return Map.of("container", out.toByteArray());
    }

    static char[] password(Map<String, byte[]> in) {
        return new String(in.get("password"), StandardCharsets.UTF_8).toCharArray();
    }

    static Map<String, byte[]> p12Read(Map<String, Object> p, Map<String, byte[]> in) throws Exception {
        char[] pw = password(in);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try {
            ks.load(new ByteArrayInputStream(in.get("container")), pw);
            for (String alias : Collections.list(ks.aliases())) {
                if (!ks.isKeyEntry(alias)) continue;
                Key key = ks.getKey(alias, pw);
                Certificate cert = ks.getCertificate(alias);
                if (!(key instanceof PrivateKey) || cert == null) throw rejected("entry " + alias + " holds no private key with a certificate");
                Map<String, byte[]> out = new LinkedHashMap<>();
                out.put("secretKey", key.getEncoded());
                out.put("certificate", cert.getEncoded());
                return out;
            }
        } catch (IOException | GeneralSecurityException e) {
            throw rejected(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        throw rejected("KeyStore PKCS12 found no key entry");
    }

    static Map<String, byte[]> p8Read(Map<String, Object> p, Map<String, byte[]> in) throws Exception {
        try {
            EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(in.get("container"));
            AlgorithmParameters params = info.getAlgParameters();
            String alg = params == null ? info.getAlgName() : params.toString();
            Cipher cipher = Cipher.getInstance(alg);
            cipher.init(Cipher.DECRYPT_MODE, SecretKeyFactory.getInstance(alg).generateSecret(new PBEKeySpec(password(in))), params);
            return Map.of("secretKey", info.getKeySpec(cipher).getEncoded());
        } catch (IOException | GeneralSecurityException e) {
            throw rejected(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    // --- The capability table ----------------------------------------------------------------

    static final ParamClaim AES_KEYS = ParamClaim.of(null, 128L, 192L, 256L);
    static final ParamClaim ANY_MODULUS = ParamClaim.range(1024, 16384, "the JDK generates and uses RSA keys of 1024 bits and more");
    static final ParamClaim DER_ONLY = ParamClaim.of(NO_PEM_JWK, "der");
    static final Map<String, Binding> BINDINGS = new LinkedHashMap<>();
    static final Map<String, String> GAPS = new LinkedHashMap<>();

    static Map<String, ParamClaim> params(Object... nameClaim) {
        Map<String, ParamClaim> m = new LinkedHashMap<>();
        for (int i = 0; i < nameClaim.length; i += 2) m.put((String) nameClaim[i], (ParamClaim) nameClaim[i + 1]);
        return m;
    }

    /** Every parameter explicit: what the JCE can express when given the full parameter specs. */
    static void explicitBindings() {
        BINDINGS.put("aes-gcm", new Binding(
            symmetricInputs("iv", true),
            params(
                "keyBits", AES_KEYS,
                "ivBytes", ParamClaim.range(1, 1 << 20, "the JDK's GCM takes any IV of at least one byte"),
                "tagBytes", ParamClaim.range(12, 16, "SunJCE GaloisCounterMode accepts tag lengths of 96, 104, 112, 120 and 128 bits only (\"Unsupported TLen value\"); NIST SP 800-38D also allows 32 and 64")),
            p -> Map.of("key", (int) num(p, "keyBits") / 8, "iv", (int) num(p, "ivBytes")),
            jce("AES/GCM/NoPadding", "AES", "iv", true, (p, iv) -> new GCMParameterSpec((int) num(p, "tagBytes") * 8, iv)),
            "tagBytes"));
        BINDINGS.put("aes-cbc", new Binding(
            symmetricInputs("iv", false),
            params("keyBits", AES_KEYS, "padding", ParamClaim.of("JCE padding for AES/CBC is PKCS5Padding (PKCS#7 on 16-byte blocks) or none", "pkcs7")),
            p -> Map.of("key", (int) num(p, "keyBits") / 8, "iv", 16),
            jce("AES/CBC/PKCS5Padding", "AES", "iv", false, (p, iv) -> new IvParameterSpec(iv)),
            null));
        BINDINGS.put("3des-cbc", new Binding(
            symmetricInputs("iv", false),
            params("keying", ParamClaim.of(null, "three-key", "two-key-k1k2k1"), "padding", ParamClaim.of("JCE padding for DESede/CBC is PKCS5Padding (PKCS#7 on 8-byte blocks) or none", "pkcs7")),
            p -> Map.of("key", str(p, "keying").equals("three-key") ? 24 : 16, "iv", 8),
            tdeaKeying(jce("DESede/CBC/PKCS5Padding", "DESede", "iv", false, (p, iv) -> new IvParameterSpec(iv))),
            null));
        BINDINGS.put("aes-ctr", new Binding(
            symmetricInputs("iv", false),
            params("keyBits", AES_KEYS, "counterBits", ParamClaim.of("SunJCE CounterMode increments the whole 16-byte block as one 128-bit counter; a narrower counter cannot be expressed", 128L)),
            p -> Map.of("key", (int) num(p, "keyBits") / 8, "iv", 16),
            jce("AES/CTR/NoPadding", "AES", "iv", false, (p, iv) -> new IvParameterSpec(iv)),
            null));
        BINDINGS.put("chacha20-poly1305", new Binding(
            symmetricInputs("nonce", true),
            params("keyBits", ParamClaim.of(null, 256L), "nonceBytes", ParamClaim.of("the JDK's ChaCha20-Poly1305 takes the 96-bit RFC 8439 nonce", 12L), "tagBytes", ParamClaim.of(null, 16L)),
            p -> Map.of("key", 32, "nonce", 12),
            jce("ChaCha20-Poly1305", "ChaCha20", "nonce", true, (p, nonce) -> new IvParameterSpec(nonce)),
            "16"));
        BINDINGS.put("x25519", new Binding(
            agreementInputs(),
            params("curve", ParamClaim.of(null, "X25519"), "keyFormat", ParamClaim.of(NO_PEM_JWK, "raw", "der")),
            p -> str(p, "keyFormat").equals("raw") ? Map.of("secretKey", 32, "publicKey", 32) : Map.of(),
            agreement(X25519_KEYS, "X25519", "X25519", p -> null),
            null));
        BINDINGS.put("ecdh", new Binding(
            agreementInputs(),
            params("curve", ParamClaim.of(null, "P-256", "P-384", "P-521"), "keyFormat", ParamClaim.of(NO_PEM_JWK, "sec1", "der"), "secretForm", ParamClaim.of("KeyAgreement(\"ECDH\").generateSecret() returns the x-coordinate: never the shared point", "x")),
            p -> Map.of(),
            agreement(EC_KEYS, "EC", "ECDH", p -> new ECGenParameterSpec(CURVES.get(str(p, "curve")))),
            null));
        BINDINGS.put("rsa-oaep", new Binding(
            pkeInputs(true),
            params("modulusBits", ANY_MODULUS, "oaepHash", new ParamClaim(HASHES, 0, -1, null), "mgf1Hash", new ParamClaim(HASHES, 0, -1, null), "labelBytes", ParamClaim.range(0, 1 << 20, null), "keyFormat", DER_ONLY),
            p -> Map.of("label", (int) num(p, "labelBytes")),
            rsa(BothendsRef::explicitOaep),
            null));
        BINDINGS.put("rsaes-pkcs1-v1_5", new Binding(
            pkeInputs(false),
            params("modulusBits", ANY_MODULUS, "keyFormat", DER_ONLY),
            p -> Map.of(),
            rsa((mode, key, p, in) -> pkcs1("RSA/ECB/PKCS1Padding", mode, key)),
            null));
        BINDINGS.put("pkcs12", new Binding(containerInputs(true), readAny(PKCS12_PARAMS), p -> Map.of(), Map.of("read", BothendsRef::p12Read), null));
        BINDINGS.put("pkcs8-encrypted", new Binding(containerInputs(false), readAny(PKCS8_PARAMS), p -> Map.of(), Map.of("read", BothendsRef::p8Read), null));
        GAPS.put("aes-gcm-siv", "the JDK has no AES-GCM-SIV (RFC 8452)");
        GAPS.put("openssl-enc", "the JDK has no reader or writer of the openssl enc file format (Salted__ header, EVP_BytesToKey)");
        GAPS.put("xchacha20-poly1305", "the JDK has ChaCha20-Poly1305 with the 96-bit nonce only; it has no HChaCha20 for the 192-bit nonce");
        GAPS.put("nacl-secretbox", "the JDK has no XSalsa20 (its only Poly1305 is inside ChaCha20-Poly1305)");
        GAPS.put("nacl-box", "the JDK has no XSalsa20 or HSalsa20, which crypto_box needs after the X25519 agreement");
        GAPS.put("nacl-sealedbox", "the JDK has no XSalsa20 or HSalsa20, which sealed boxes need");
    }

    /** How the JDK resolves an intent when called as JCE examples write it (docs/adapter-protocol.md, Intents). */
    record IntentBinding(String call, Map<String, Object> params, Map<String, Op> ops, boolean asGiven) {
        /** A call whose inputs have the sizes its parameters imply. */
        IntentBinding(String call, Map<String, Object> params, Map<String, Op> ops) {
            this(call, params, ops, false);
        }

        Map<String, Object> wire() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("call", call);
            m.put("params", params);
            m.put("ops", new ArrayList<>(ops.keySet()));
            return m;
        }
    }

    static final Map<String, Map<String, IntentBinding>> INTENTS = new LinkedHashMap<>();

    /** Parameters in order: name, value, name, value… */
    static Map<String, Object> intentParams(Object... nameValue) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) m.put((String) nameValue[i], nameValue[i + 1]);
        return m;
    }

    /**
     * A cipher named by its algorithm alone, as `Cipher.getInstance("AES")` is typed: SunJCE fills
     * in ECB and PKCS5Padding, and no IV is passed. The key goes to the library as given (a
     * 16-byte DESede key is its InvalidKeyException, a rejection of the input).
     */
    static Map<String, Op> algorithmOnly(String algorithm) {
        Map<String, Op> m = new LinkedHashMap<>();
        jce(algorithm, algorithm, "iv", false, (p, iv) -> null).forEach((name, op) -> m.put(name, rejecting(op)));
        return m;
    }

    /** RSA-OAEP as the transformation string alone: no OAEPParameterSpec, so SunJCE's defaults fill in the rest. */
    static IntentBinding oaepAsCalled(String transformation, String oaepHash, String mgf1Hash) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("modulusBits", 2048L);
        params.put("oaepHash", oaepHash);
        params.put("mgf1Hash", mgf1Hash);
        params.put("labelBytes", 0L);
        params.put("keyFormat", "der");
        String call = "Cipher.getInstance(\"" + transformation + "\"); cipher.init(mode, key)";
        return new IntentBinding(call, params, rsa((mode, key, p, in) -> pkcs1(transformation, mode, key)));
    }

    /**
     * The intents as JCE examples write them. OAEPWith<H>AndMGF1Padding uses MGF1 with SHA-1
     * whatever H (SunJCE's default OAEPParameterSpec) and no label; OAEPPadding is SHA-1 throughout.
     */
    static void intentBindings() {
        Map<String, IntentBinding> oaep = new LinkedHashMap<>();
        oaep.put("sha256", oaepAsCalled("RSA/ECB/OAEPWithSHA-256AndMGF1Padding", "SHA-256", "SHA-1"));
        oaep.put("oaep", oaepAsCalled("RSA/ECB/OAEPPadding", "SHA-1", "SHA-1"));
        // Cipher.getInstance("RSA") is RSA/ECB/PKCS1Padding in SunJCE.
        Map<String, Object> pkcs1 = intentParams("modulusBits", 2048L, "oaepHash", "none", "mgf1Hash", "none", "labelBytes", 0L, "keyFormat", "der", "padding", "PKCS1-v1_5");
        oaep.put("default-padding", new IntentBinding("Cipher.getInstance(\"RSA\"); cipher.init(mode, key) (SunJCE: RSA/ECB/PKCS1Padding)", pkcs1, rsa((mode, key, p, in) -> pkcs1("RSA", mode, key))));
        INTENTS.put("rsa-oaep", oaep);
        // The full sentence is the explicit transformation; "AES" and "DESede" alone are ECB.
        Binding cbc = BINDINGS.get("aes-cbc");
        if (cbc != null) {
            Map<String, IntentBinding> aes = new LinkedHashMap<>();
            aes.put("aes256-cbc-pkcs7", new IntentBinding("Cipher.getInstance(\"AES/CBC/PKCS5Padding\"); cipher.init(mode, key, new IvParameterSpec(iv))", intentParams("keyBits", 256L, "padding", "pkcs7"), cbc.ops()));
            aes.put("aes128", new IntentBinding("Cipher.getInstance(\"AES\"); cipher.init(mode, key) (SunJCE: AES/ECB/PKCS5Padding)", intentParams("keyBits", 128L, "padding", "pkcs7", "mode", "ECB"), algorithmOnly("AES")));
            INTENTS.put("aes-cbc", aes);
        }
        if (BINDINGS.containsKey("3des-cbc")) {
            String desede = "Cipher.getInstance(\"DESede\"); cipher.init(mode, new SecretKeySpec(key, \"DESede\")) (SunJCE: DESede/ECB/PKCS5Padding)";
            Map<String, Object> params = intentParams("keying", "three-key", "padding", "pkcs7", "mode", "ECB");
            Map<String, IntentBinding> tdea = new LinkedHashMap<>();
            tdea.put("3des-16", new IntentBinding(desede, params, algorithmOnly("DESede"), true));
            tdea.put("3des-24", new IntentBinding(desede, params, algorithmOnly("DESede"), true));
            INTENTS.put("3des-cbc", tdea);
        }
        // GCMParameterSpec takes the tag length explicitly; the examples pass 128 bits and a 12-byte IV.
        Binding gcm = BINDINGS.get("aes-gcm");
        if (gcm != null) {
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("keyBits", 256L);
            params.put("ivBytes", 12L);
            params.put("tagBytes", 16L);
            INTENTS.put("aes-gcm", Map.of("aes256-gcm", new IntentBinding("Cipher.getInstance(\"AES/GCM/NoPadding\"); cipher.init(mode, key, new GCMParameterSpec(128, iv)) with a 12-byte iv", params, gcm.ops())));
        }
        // SunJCE's ChaCha20-Poly1305 is RFC 8439's: a 12-byte nonce in an IvParameterSpec, the tag after the ciphertext.
        Binding chacha = BINDINGS.get("chacha20-poly1305");
        if (chacha != null) {
            Map<String, Object> params = intentParams("keyBits", 256L, "nonceBytes", 12L, "tagBytes", 16L, "construction", "RFC 8439");
            INTENTS.put("chacha20-poly1305", Map.of("chacha20-poly1305", new IntentBinding("Cipher.getInstance(\"ChaCha20-Poly1305\"); cipher.init(mode, new SecretKeySpec(key, \"ChaCha20\"), new IvParameterSpec(nonce)) with a 12-byte nonce; cipher.updateAAD(aad)", params, chacha.ops())));
        }
        // SunJCE's CounterMode has one counter: the whole block. The call is the explicit one.
        Binding ctr = BINDINGS.get("aes-ctr");
        if (ctr != null) {
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("keyBits", 128L);
            params.put("counterBits", 128L);
            INTENTS.put("aes-ctr", Map.of("ctr", new IntentBinding("Cipher.getInstance(\"AES/CTR/NoPadding\"); cipher.init(mode, key, new IvParameterSpec(iv))", params, ctr.ops())));
        }
        // A JDK public key travels as getEncoded() gives it: X.509 SubjectPublicKeyInfo DER.
        Binding ec = BINDINGS.get("ecdh");
        if (ec != null) {
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("curve", "P-256");
            params.put("keyFormat", "der");
            params.put("secretForm", "x");
            INTENTS.put("ecdh", Map.of("shared-secret", new IntentBinding("KeyPairGenerator.getInstance(\"EC\") with new ECGenParameterSpec(\"secp256r1\"); keyPair.getPublic().getEncoded(); KeyAgreement.getInstance(\"ECDH\").generateSecret() with KeyFactory.getInstance(\"EC\").generatePublic(new X509EncodedKeySpec(theirs))", params, ec.ops())));
        }
        // KeyStore as its documentation writes it (measured from its files: see p12ExportAsDocumented), read with load(in, password).
        if (BINDINGS.containsKey("pkcs12")) {
            String call = "KeyStore ks = KeyStore.getInstance(\"PKCS12\"); ks.load(null, null); ks.setKeyEntry(alias, key, password, chain); ks.store(out, password) / ks.load(in, password); ks.getKey(alias, password)";
            Map<String, Op> ops = new LinkedHashMap<>();
            ops.put("write", BothendsRef::p12ExportAsDocumented);
            ops.put("read", BothendsRef::p12Read);
            Map<String, IntentBinding> p12 = new LinkedHashMap<>();
            for (String[] idKeyPassword : new String[][] { { "export", "rsa-2048", "ascii" }, { "export-empty-password", "rsa-2048", "empty" }, { "export-p256", "p-256", "ascii" }, { "export-ed25519", "ed25519", "ascii" } }) {
                Map<String, Object> params = intentParams("keyType", idKeyPassword[1], "keyEncryption", "pbes2-hmac-sha256-aes-256-cbc", "certEncryption", "pbes2-hmac-sha256-aes-256-cbc",
                    "iterations", 10000L, "saltBytes", 20L, "mac", "hmac-sha256", "macIterations", 10000L, "password", idKeyPassword[2]);
                p12.put(idKeyPassword[0], new IntentBinding(call, params, ops));
            }
            INTENTS.put("pkcs12", p12);
        }
        // "Read the encrypted key you were sent" only: the JDK has no call that writes an EncryptedPrivateKeyInfo from a key and
        // a password. Read the JCE way (EncryptedPrivateKeyInfo, then a Cipher and SecretKeyFactory named after its algorithm), as
        // the explicit read does. A reader sets none of the file's parameters; it declares PBES2 as the JDK's own KeyStore writes it.
        if (BINDINGS.containsKey("pkcs8-encrypted")) {
            String call = "EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der); Cipher c = Cipher.getInstance(info.getAlgParameters().toString()); c.init(DECRYPT_MODE, SecretKeyFactory.getInstance(…).generateSecret(new PBEKeySpec(password)), info.getAlgParameters()); info.getKeySpec(c) (reads only)";
            Map<String, Op> ops = new LinkedHashMap<>();
            ops.put("read", BothendsRef::p8Read);
            Map<String, IntentBinding> p8 = new LinkedHashMap<>();
            for (String[] idKeyPassword : new String[][] { { "encrypt-key", "rsa-2048", "ascii" }, { "encrypt-key-empty-password", "rsa-2048", "empty" }, { "encrypt-key-p256", "p-256", "ascii" }, { "encrypt-key-ed25519", "ed25519", "ascii" } }) {
                Map<String, Object> params = intentParams("keyType", idKeyPassword[1], "keyEncryption", "pbes2-hmac-sha256-aes-256-cbc", "iterations", 2048L, "scrypt", "n16384-r8-p1", "saltBytes", 8L, "password", idKeyPassword[2]);
                p8.put(idKeyPassword[0], new IntentBinding(call, params, ops));
            }
            INTENTS.put("pkcs8-encrypted", p8);
        }
        Binding xdh = BINDINGS.get("x25519");
        if (xdh != null) {
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("curve", "X25519");
            params.put("keyFormat", "der");
            INTENTS.put("x25519", Map.of("shared-secret", new IntentBinding("KeyPairGenerator.getInstance(\"X25519\").generateKeyPair(); keyPair.getPublic().getEncoded(); KeyAgreement.getInstance(\"X25519\") with KeyFactory.getInstance(\"X25519\").generatePublic(new X509EncodedKeySpec(theirs))", params, xdh.ops())));
        }
    }

    static Map<String, Object> hello() {
        Map<String, Object> claims = new LinkedHashMap<>();
        BINDINGS.forEach((id, b) -> claims.put(id, b.claim()));
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("protocol", (long) PROTOCOL);
        h.put("implementation", "JDK (SunJCE)");
        h.put("version", System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vm.name") + ", " + System.getProperty("java.vendor") + ")");
        h.put("description", "bothends reference adapter in Java: JDK 17 JCE only, one single-file source program");
        h.put("claims", claims);
        h.put("gaps", GAPS);
        Map<String, Object> intents = new LinkedHashMap<>();
        INTENTS.forEach((sid, byId) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            byId.forEach((id, ib) -> m.put(id, ib.wire()));
            intents.put(sid, m);
        });
        h.put("intents", intents);
        return Map.of("hello", h);
    }

    // --- Requests ----------------------------------------------------------------------------

    static Map<String, Object> object(Object o, String what) throws Reply {
        if (!(o instanceof Map<?, ?> m)) throw badRequest("\"" + what + "\" must be an object");
        @SuppressWarnings("unchecked")
        Map<String, Object> typed = (Map<String, Object>) m;
        return typed;
    }

    /** A key container states its own algorithms: a reader of a file of unknown making is told only the password. */
    static boolean statedByFile(Binding b, String op, String name) {
        return op.equals("read") && b.inputs().getOrDefault("read", List.of()).contains("container") && !name.equals("password");
    }

    static void checkParams(String sid, String op, Binding b, Map<String, Object> params) throws Reply {
        for (String name : params.keySet()) {
            if (!b.params().containsKey(name)) throw unsupported(sid + " parameter " + name + " is not one this adapter knows");
        }
        for (Map.Entry<String, ParamClaim> e : b.params().entrySet()) {
            Object v = params.get(e.getKey());
            if (v == null && statedByFile(b, op, e.getKey())) continue;
            if (v == null) throw badRequest(sid + " parameter " + e.getKey() + " is missing (parameters are explicit; there are no defaults)");
            if (!e.getValue().admits(v)) throw unsupported(sid + " " + e.getKey() + "=" + v + ": " + (e.getValue().reason() == null ? "not claimed" : e.getValue().reason()));
        }
    }

    static Map<String, byte[]> checkInputs(String op, Binding b, Map<String, Object> params, Map<String, Object> raw) throws Reply {
        return checkInputs(op, b, params, raw, true);
    }

    /** The inputs `op` takes, decoded; `sized`: their sizes checked against the parameters. */
    static Map<String, byte[]> checkInputs(String op, Binding b, Map<String, Object> params, Map<String, Object> raw, boolean sized) throws Reply {
        List<String> wanted = b.inputs().get(op); // inputs this adapter does not use are ignored
        Map<String, byte[]> in = new LinkedHashMap<>();
        for (String n : wanted) {
            if (!(raw.get(n) instanceof String s)) throw badRequest(op + " needs input " + n + " (base64)");
            if (s.length() % 4 != 0) throw badRequest("input " + n + " is not padded base64");
            try {
                in.put(n, Base64.getDecoder().decode(s));
            } catch (IllegalArgumentException e) {
                throw badRequest("input " + n + " is not base64: " + e.getMessage());
            }
        }
        if (op.equals("generateKeyPair") || !sized) return in;
        boolean receiving = op.equals("decrypt") || op.equals("derive") || op.equals("read");
        for (Map.Entry<String, Integer> e : b.sizes().apply(params).entrySet()) {
            if (!in.containsKey(e.getKey())) continue;
            int got = in.get(e.getKey()).length;
            if (got != e.getValue()) {
                String m = e.getKey() + " is " + got + " bytes; these parameters need " + e.getValue();
                throw receiving ? rejected(m) : badRequest(m);
            }
        }
        if (op.equals("decrypt") && b.minCiphertext() != null) {
            long least = b.minCiphertext().matches("\\d+") ? Long.parseLong(b.minCiphertext()) : num(params, b.minCiphertext());
            if (in.get("ciphertext").length < least) throw rejected("ciphertext is shorter than the " + least + "-byte tag");
        }
        return in;
    }

    static Map<String, Object> perform(Map<String, Object> request) throws Exception {
        Object op = request.get("op");
        Object sid = request.get("standard");
        if (!(op instanceof String o) || !OPS.contains(o)) throw badRequest("\"op\" must be one of " + OPS);
        if (!(sid instanceof String s)) throw badRequest("\"standard\" must be a string");
        Binding b = BINDINGS.get(s);
        if (b == null) throw unsupported(GAPS.getOrDefault(s, "java-ref does not implement " + s));
        Object intent = request.get("intent");
        Map<String, Object> out = new LinkedHashMap<>();
        if (intent != null) {
            // As called: the resolution's call and parameters, whatever the request's params say.
            IntentBinding ib = INTENTS.getOrDefault(s, Map.of()).get(intent);
            if (ib == null) throw unsupported("java-ref declares no resolution of " + s + " intent " + intent);
            // A call the explicit operations do not offer (KeyStore.store with the JDK's own choices) may be one of the resolution's.
            if (!ib.ops().containsKey(o)) throw unsupported("java-ref's resolution of " + s + " intent " + intent + " makes no " + o);
            Map<String, byte[]> in = checkInputs(o, b, ib.params(), object(request.get("inputs"), "inputs"), !ib.asGiven());
            ib.ops().get(o).run(ib.params(), in).forEach((k, v) -> out.put(k, Base64.getEncoder().encodeToString(v)));
            return out;
        }
        if (!b.ops().containsKey(o)) throw unsupported("java-ref does not implement " + s + " " + o);
        Map<String, Object> params = object(request.get("params"), "params");
        checkParams(s, o, b, params);
        Map<String, byte[]> in = checkInputs(o, b, params, object(request.get("inputs"), "inputs"));
        b.ops().get(o).run(params, in).forEach((k, v) -> out.put(k, Base64.getEncoder().encodeToString(v)));
        return out;
    }

    static Map<String, Object> error(Object id, String code, String message) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("code", code);
        e.put("message", message);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", id);
        r.put("error", e);
        return r;
    }

    /** The request on `line`, or null after sending the bad-request answer. */
    static Map<String, Object> parse(String line, Function<Map<String, Object>, Void> send) {
        Object parsed;
        try {
            parsed = new Json(line).document();
        } catch (IllegalArgumentException e) {
            send.apply(error(null, "bad-request", "not JSON: " + e.getMessage()));
            return null;
        }
        Object id = parsed instanceof Map<?, ?> m ? m.get("id") : null;
        if (!(id instanceof Long || id instanceof String)) {
            send.apply(error(null, "bad-request", "a request is an object with an integer or string \"id\""));
            return null;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> request = (Map<String, Object>) parsed;
        return request;
    }

    static Map<String, Object> answer(Map<String, Object> request) {
        Object id = request.get("id");
        try {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", id);
            r.put("ok", perform(request));
            return r;
        } catch (Reply e) {
            return error(id, e.code, e.getMessage());
        } catch (Exception | Error e) { // the library failed in a way nobody planned for
            return error(id, "internal", e.getClass().getName() + ": " + e.getMessage());
        }
    }

    public static void main(String[] args) throws Exception {
        explicitBindings();
        intentBindings();
        Writer out = new BufferedWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8));
        Object lock = new Object();
        Function<Map<String, Object>, Void> send = m -> {
            synchronized (lock) {
                try {
                    out.write(Json.write(m));
                    out.write('\n');
                    out.flush();
                } catch (IOException e) {
                    System.exit(1); // bothends went away
                }
            }
            return null;
        };
        send.apply(hello());
        // Key generation (RSA-4096: seconds) has threads of its own, so it never holds up the rest.
        ExecutorService fast = Executors.newFixedThreadPool(4);
        ExecutorService slow = Executors.newFixedThreadPool(2);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            if (line.isBlank()) continue;
            Map<String, Object> request = parse(line, send);
            if (request == null) continue;
            ("generateKeyPair".equals(request.get("op")) ? slow : fast).execute(() -> send.apply(answer(request)));
        }
        for (ExecutorService pool : List.of(fast, slow)) pool.shutdown();
        for (ExecutorService pool : List.of(fast, slow)) pool.awaitTermination(60, TimeUnit.SECONDS);
    }

    /** Just enough JSON: objects, arrays, strings, integers (Long), other numbers (Double), booleans, null. */
    static final class Json {
        private final String s;
        private int i;

        Json(String s) { this.s = s; }

        Object document() {
            Object v = value();
            ws();
            if (i != s.length()) throw fail("trailing characters");
            return v;
        }

        private IllegalArgumentException fail(String what) { return new IllegalArgumentException(what + " at character " + i); }

        private void ws() { while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) i++; }

        private Object value() {
            ws();
            if (i >= s.length()) throw fail("unexpected end");
            char c = s.charAt(i);
            if (c == '{') return obj();
            if (c == '[') return arr();
            if (c == '"') return str();
            if (s.startsWith("true", i)) { i += 4; return Boolean.TRUE; }
            if (s.startsWith("false", i)) { i += 5; return Boolean.FALSE; }
            if (s.startsWith("null", i)) { i += 4; return null; }
            return number();
        }

        private Map<String, Object> obj() {
            Map<String, Object> m = new LinkedHashMap<>();
            i++;
            ws();
            if (i < s.length() && s.charAt(i) == '}') { i++; return m; }
            for (;;) {
                ws();
                if (i >= s.length() || s.charAt(i) != '"') throw fail("expected a member name");
                String k = str();
                ws();
                if (i >= s.length() || s.charAt(i++) != ':') throw fail("expected ':'");
                m.put(k, value());
                ws();
                if (i >= s.length()) throw fail("unterminated object");
                char c = s.charAt(i++);
                if (c == '}') return m;
                if (c != ',') throw fail("expected ',' or '}'");
            }
        }

        private List<Object> arr() {
            List<Object> l = new ArrayList<>();
            i++;
            ws();
            if (i < s.length() && s.charAt(i) == ']') { i++; return l; }
            for (;;) {
                l.add(value());
                ws();
                if (i >= s.length()) throw fail("unterminated array");
                char c = s.charAt(i++);
                if (c == ']') return l;
                if (c != ',') throw fail("expected ',' or ']'");
            }
        }

        private String str() {
            StringBuilder b = new StringBuilder();
            i++;
            for (;;) {
                if (i >= s.length()) throw fail("unterminated string");
                char c = s.charAt(i++);
                if (c == '"') return b.toString();
                if (c != '\\') { b.append(c); continue; }
                if (i >= s.length()) throw fail("unterminated escape");
                char e = s.charAt(i++);
                switch (e) {
                    case '"', '\\', '/' -> b.append(e);
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'n' -> b.append('\n');
                    case 'r' -> b.append('\r');
                    case 't' -> b.append('\t');
                    case 'u' -> {
                        if (i + 4 > s.length()) throw fail("bad \\u escape");
                        b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> throw fail("bad escape");
                }
            }
        }

        private Object number() {
            int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) i++;
            String t = s.substring(start, i);
            if (t.isEmpty()) throw fail("unexpected character");
            try {
                return t.matches("-?\\d+") ? (Object) Long.parseLong(t) : (Object) Double.parseDouble(t);
            } catch (NumberFormatException e) {
                throw fail("bad number " + t);
            }
        }

        static String write(Object v) {
            StringBuilder b = new StringBuilder();
            write(b, v);
            return b.toString();
        }

        private static void write(StringBuilder b, Object v) {
            if (v == null) b.append("null");
            else if (v instanceof String str) quote(b, str);
            else if (v instanceof Number || v instanceof Boolean) b.append(v);
            else if (v instanceof Map<?, ?> m) {
                b.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!first) b.append(',');
                    first = false;
                    quote(b, String.valueOf(e.getKey()));
                    b.append(':');
                    write(b, e.getValue());
                }
                b.append('}');
            } else if (v instanceof List<?> l) {
                b.append('[');
                for (int k = 0; k < l.size(); k++) {
                    if (k > 0) b.append(',');
                    write(b, l.get(k));
                }
                b.append(']');
            } else throw new IllegalArgumentException("cannot write " + v.getClass());
        }

        private static void quote(StringBuilder b, String s) {
            b.append('"');
            for (char c : s.toCharArray()) {
                switch (c) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    case '\n' -> b.append("\\n");
                    case '\r' -> b.append("\\r");
                    case '\t' -> b.append("\\t");
                    default -> {
                        if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                        else b.append(c);
                    }
                }
            }
            b.append('"');
        }
    }

}
