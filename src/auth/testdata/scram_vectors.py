#!/usr/bin/env python3
"""Independent SCRAM-SHA-256 oracle for src/auth/scram/tests.rs (python3 hashlib/hmac only).

Prints, for each case, the client-final-message and the server-final-message a correct server
sends. Run from this directory: python3 scram_vectors.py
"""
import base64, hashlib, hmac, os

def b64(b): return base64.b64encode(b).decode()

def exchange(password, user, client_nonce, server_nonce, salt_b64, iterations, gs2, cbind=b""):
    salted = hashlib.pbkdf2_hmac("sha256", password, base64.b64decode(salt_b64), iterations)
    client_key = hmac.new(salted, b"Client Key", "sha256").digest()
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.new(salted, b"Server Key", "sha256").digest()
    nonce = client_nonce + server_nonce
    client_first_bare = f"n={user},r={client_nonce}"
    server_first = f"r={nonce},s={salt_b64},i={iterations}"
    without_proof = f"c={b64(gs2.encode() + cbind)},r={nonce}"
    auth = f"{client_first_bare},{server_first},{without_proof}".encode()
    sig = hmac.new(stored_key, auth, "sha256").digest()
    proof = bytes(a ^ b for a, b in zip(client_key, sig))
    server_sig = hmac.new(server_key, auth, "sha256").digest()
    return server_first, f"{without_proof},p={b64(proof)}", f"v={b64(server_sig)}"

NONCE, SNONCE, SALT = "rOprNGfwEbeRWgbNEkqO", "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0", "W22ZaJ0SNY7soEsUEjb6gQ=="
cert_hash = hashlib.sha256(open("rsa_sha256.der", "rb").read()).digest()
cases = {
    "rfc7677 (user=user, n,,)": exchange(b"pencil", "user", NONCE, SNONCE, SALT, 4096, "n,,"),
    "postgres n,, (n=)": exchange(b"pencil", "", NONCE, SNONCE, SALT, 4096, "n,,"),
    "postgres y,,": exchange(b"pencil", "", NONCE, SNONCE, SALT, 4096, "y,,"),
    "postgres p=tls-server-end-point rsa_sha256.der": exchange(
        b"pencil", "", NONCE, SNONCE, SALT, 4096, "p=tls-server-end-point,,", cert_hash),
    # SASLprep of "pass\u00a0word" is "pass word" (RFC 4013 C.1.2 -> SPACE), applied by hand here.
    "postgres saslprep pass\\u00a0word, i=1": exchange(b"pass word", "", NONCE, SNONCE, SALT, 1, "n,,"),
}
for name, (sf, cf, sfin) in cases.items():
    print(f"# {name}\n{sf}\n{cf}\n{sfin}\n")
