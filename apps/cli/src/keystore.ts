import { createDecipheriv, pbkdf2Sync, scryptSync } from "node:crypto";
import { type Account, bytesToHex, concat, type Hex, hexToBytes, keccak256 } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { CliError } from "./errors.ts";

/** Web3 Secret Storage v3 (what geth, cast and MetaMask export), the fields decryption needs. */
type Keystore = {
  version: number;
  crypto: {
    cipher: string;
    ciphertext: string;
    cipherparams: { iv: string };
    kdf: "scrypt" | "pbkdf2";
    kdfparams: { dklen: number; salt: string; n?: number; r?: number; p?: number; c?: number; prf?: string };
    mac: string;
  };
};

/**
 * The private key in a v3 keystore. The MAC is checked before decrypting, so a wrong password is
 * reported as such instead of yielding a wrong key.
 */
export function decryptKeystore(json: string, password: string): Hex {
  let keystore: Keystore;
  try {
    const parsed = JSON.parse(json) as Keystore & { Crypto?: Keystore["crypto"] };
    keystore = { ...parsed, crypto: parsed.crypto ?? parsed.Crypto };
  } catch (cause) {
    throw new CliError("The keystore is not valid JSON.", { cause });
  }
  const { crypto } = keystore;
  if (keystore.version !== 3 || !crypto) throw new CliError("Only version 3 keystores are supported.");
  if (crypto.cipher !== "aes-128-ctr") throw new CliError(`Unsupported keystore cipher "${crypto.cipher}".`);
  const params = crypto.kdfparams;
  const salt = Buffer.from(params.salt, "hex");
  let derived: Buffer;
  if (crypto.kdf === "scrypt" && params.n && params.r && params.p) {
    // Node caps scrypt's memory at 32 MiB by default; geth's "standard" n = 2^18 needs 256 MiB.
    derived = scryptSync(password, salt, params.dklen, {
      N: params.n,
      r: params.r,
      p: params.p,
      maxmem: 256 * params.n * params.r,
    });
  } else if (crypto.kdf === "pbkdf2" && params.c && params.prf === "hmac-sha256") {
    derived = pbkdf2Sync(password, salt, params.c, params.dklen, "sha256");
  } else {
    throw new CliError(`Unsupported keystore key derivation "${crypto.kdf}".`);
  }
  const ciphertext = hexToBytes(`0x${crypto.ciphertext.replace(/^0x/, "")}`);
  const mac = keccak256(concat([derived.subarray(16, 32), ciphertext]));
  if (mac.slice(2) !== crypto.mac.replace(/^0x/, "").toLowerCase()) {
    throw new CliError("Wrong keystore password (the keystore's MAC does not match).");
  }
  const decipher = createDecipheriv("aes-128-ctr", derived.subarray(0, 16), Buffer.from(crypto.cipherparams.iv, "hex"));
  return bytesToHex(Buffer.concat([decipher.update(ciphertext), decipher.final()]));
}

/** The account of a v3 keystore. */
export function keystoreAccount(json: string, password: string): Account {
  return privateKeyToAccount(decryptKeystore(json, password));
}
