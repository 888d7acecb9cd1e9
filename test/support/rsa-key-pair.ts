import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";

/**
 * A new RSA key pair as key objects of their own. The key objects generateKeyPairSync returns share a
 * lock with the job that generated them, and on Node 20 a garbage collection that finalises the job
 * while a key's details are being read under that lock (jsonwebtoken reads them on every sign and
 * verify) deadlocks the process: CI hung with the main thread in ~KeyGenJob waiting for the mutex
 * GetRsaKeyDetail held. Keys read back from PEM have locks of their own.
 */
export function rsaKeyPair(): { publicKey: KeyObject; privateKey: KeyObject } {
  const pem = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  return { publicKey: createPublicKey(pem.publicKey), privateKey: createPrivateKey(pem.privateKey) };
}
