// Writes an SST bundle with Node's own crypto, as SST's runtime does: AES-256-GCM,
// all-zero 12-byte nonce, no AAD, the 16-byte tag appended.
// usage: node seal.mjs KEY_BASE64 OUT_FILE < plaintext.json
import crypto from "crypto";
import { readFileSync, writeFileSync } from "fs";

const [key, out] = process.argv.slice(2);
const plaintext = readFileSync(0);
const cipher = crypto.createCipheriv("aes-256-gcm", Buffer.from(key, "base64"), Buffer.alloc(12, 0));
const sealed = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
writeFileSync(out, sealed);
