/**
 * Real key agreement and authenticated encryption with WebCrypto: P-256
 * ECDH key pairs, a SHA-256 key-derivation step with a purpose label, and
 * AES-256-GCM for the Shamir shares the server relays between sites.
 *
 * WebCrypto's key generation is not seedable, so keys differ on every run;
 * the protocol's result does not depend on them (pairwise masks cancel
 * exactly in the ring), only the masked vectors the server sees do.
 */

/** Bytes of an uncompressed P-256 public key (0x04 ‖ x ‖ y). */
export const PUBLIC_KEY_BYTES = 65;
/** Bytes of a P-256 private scalar, and of every derived seed or key. */
export const SECRET_BYTES = 32;
/** Bytes of an AES-GCM nonce. */
export const NONCE_BYTES = 12;
/** Bytes of an AES-GCM authentication tag. */
export const TAG_BYTES = 16;

/** What a derived key is for; different labels give unrelated keys from one agreement. */
export type KeyPurpose = "mask" | "share-encryption";

const CURVE: EcKeyImportParams = { name: "ECDH", namedCurve: "P-256" };

/** A fresh P-256 ECDH key pair; the private key is extractable so it can be secret-shared. */
export async function generateKeyPair(): Promise<CryptoKeyPair> {
  return await crypto.subtle.generateKey(CURVE, true, ["deriveBits"]) as CryptoKeyPair;
}

/** The raw uncompressed encoding of a public key (what sites advertise). */
export async function exportPublicKey(key: CryptoKey): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.exportKey("raw", key));
}

/** A public key from its raw encoding; throws if the bytes are not a P-256 point. */
export async function importPublicKey(raw: Uint8Array): Promise<CryptoKey> {
  if (raw.length !== PUBLIC_KEY_BYTES) {
    throw new RangeError(`Expected a ${PUBLIC_KEY_BYTES}-byte public key but found ${raw.length}`);
  }
  return await crypto.subtle.importKey("raw", raw as BufferSource, CURVE, true, []);
}

/** The 32-byte private scalar d of a key pair: the secret a site Shamir-shares. */
export async function exportPrivateScalar(key: CryptoKey): Promise<Uint8Array> {
  const jwk = await crypto.subtle.exportKey("jwk", key);
  return fromBase64Url(jwk.d!);
}

/**
 * Rebuilds a private key from its scalar and the matching raw public key,
 * as the server does for a site that dropped out after masking.
 */
export async function importPrivateScalar(
  d: Uint8Array,
  publicRaw: Uint8Array,
): Promise<CryptoKey> {
  if (d.length !== SECRET_BYTES) {
    throw new RangeError(`Expected a ${SECRET_BYTES}-byte private scalar but found ${d.length}`);
  }
  const jwk: JsonWebKey = {
    kty: "EC",
    crv: "P-256",
    d: toBase64Url(d),
    x: toBase64Url(publicRaw.subarray(1, 33)),
    y: toBase64Url(publicRaw.subarray(33, 65)),
  };
  return await crypto.subtle.importKey("jwk", jwk, CURVE, false, ["deriveBits"]);
}

/**
 * ECDH between one party's private key and another's public key, hashed with
 * a purpose label: both ends of a pair get the same 32 bytes.
 */
export async function agree(
  privateKey: CryptoKey,
  publicKey: CryptoKey,
  purpose: KeyPurpose,
): Promise<Uint8Array> {
  const shared = new Uint8Array(
    await crypto.subtle.deriveBits({ name: "ECDH", public: publicKey }, privateKey, 256),
  );
  const label = new TextEncoder().encode(`renkei/secagg/${purpose}/`);
  const input = new Uint8Array(label.length + shared.length);
  input.set(label);
  input.set(shared, label.length);
  return new Uint8Array(await crypto.subtle.digest("SHA-256", input));
}

/** 32 bytes from the system CSPRNG (a self-mask seed). */
export function randomSecret(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(SECRET_BYTES));
}

/**
 * Encrypts `plaintext` with AES-256-GCM under `key` (32 bytes); `context`
 * (sender and receiver ids) is authenticated, so a relaying server can
 * neither read nor redirect the message. Returns nonce ‖ ciphertext ‖ tag.
 */
export async function seal(
  key: Uint8Array,
  plaintext: Uint8Array,
  context: Uint8Array,
): Promise<Uint8Array> {
  const aes = await crypto.subtle.importKey("raw", key as BufferSource, "AES-GCM", false, [
    "encrypt",
  ]);
  const iv = crypto.getRandomValues(new Uint8Array(NONCE_BYTES));
  const sealed = new Uint8Array(
    await crypto.subtle.encrypt(
      { name: "AES-GCM", iv, additionalData: context as BufferSource },
      aes,
      plaintext as BufferSource,
    ),
  );
  const out = new Uint8Array(NONCE_BYTES + sealed.length);
  out.set(iv);
  out.set(sealed, NONCE_BYTES);
  return out;
}

/** Opens a message made by {@link seal}; throws if it was altered or is for someone else. */
export async function open(
  key: Uint8Array,
  message: Uint8Array,
  context: Uint8Array,
): Promise<Uint8Array> {
  const aes = await crypto.subtle.importKey("raw", key as BufferSource, "AES-GCM", false, [
    "decrypt",
  ]);
  try {
    return new Uint8Array(
      await crypto.subtle.decrypt(
        {
          name: "AES-GCM",
          iv: message.subarray(0, NONCE_BYTES) as BufferSource,
          additionalData: context as BufferSource,
        },
        aes,
        message.subarray(NONCE_BYTES) as BufferSource,
      ),
    );
  } catch {
    throw new TypeError("Expected an authentic share message but found one that fails to decrypt");
  }
}

function toBase64Url(bytes: Uint8Array): string {
  let text = "";
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array {
  const b64 = text.replaceAll("-", "+").replaceAll("_", "/");
  const bin = atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}
