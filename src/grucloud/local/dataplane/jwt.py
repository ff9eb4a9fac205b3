"""JWT checks as API Gateway's JWT authorizer makes them: an RSA signature by a key of the
issuer's JWKS (chosen by `kid`), `iss`, `aud` (or, without `aud`, `client_id`), `exp`, `nbf`,
`iat`. The keys of the emulator's Cognito user pools are the emulator's own; another issuer's
are fetched from its discovery document, on loopback only."""

from __future__ import annotations

import base64
import json
import re
import time
import urllib.request
from urllib.parse import urlsplit

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from grucloud.local.dataplane import world

_HASHES = {"RS256": hashes.SHA256, "RS384": hashes.SHA384, "RS512": hashes.SHA512}
_COGNITO = re.compile(r"https://cognito-idp\.(?P<region>[a-z0-9-]+)\.amazonaws\.com/(?P<pool>[\w-]+)")
_HTTP = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class Rejected(Exception):
    """The token is not accepted; the message is the www-authenticate error_description."""


def _b64(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def _json(part: str, what: str) -> dict:
    try:
        value = json.loads(_b64(part))
    except ValueError:
        raise Rejected(f"the token's {what} is not base64url JSON") from None
    if not isinstance(value, dict):
        raise Rejected(f"the token's {what} is not a JSON object")
    return value


def issuer_keys(issuer: str) -> list[dict]:
    """The issuer's JSON web keys."""
    cognito = _COGNITO.fullmatch(issuer.rstrip("/"))
    if cognito:
        if not world.user_pool_exists(cognito["region"], cognito["pool"]):
            raise Rejected(f"no user pool {cognito['pool']} in the emulator")
        return world.cognito_public_keys()
    host = urlsplit(issuer).hostname or ""
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise Rejected(f"the emulator reaches only loopback issuers, not {issuer}")
    try:
        with _HTTP.open(issuer.rstrip("/") + "/.well-known/openid-configuration", timeout=1.5) as resp:
            jwks_uri = json.loads(resp.read(150_000))["jwks_uri"]
        with _HTTP.open(jwks_uri, timeout=1.5) as resp:
            return json.loads(resp.read(150_000))["keys"]
    except (OSError, ValueError, KeyError) as error:
        raise Rejected(f"could not read the keys of issuer {issuer}: {error}") from None


def _public_key(jwk: dict) -> rsa.RSAPublicKey:
    number = lambda name: int.from_bytes(_b64(jwk[name]), "big")  # noqa: E731
    return rsa.RSAPublicNumbers(number("e"), number("n")).public_key()


def verify(token: str, issuer: str, audiences: list[str], now: float | None = None) -> dict:
    """The token's claims when API Gateway would accept it; else Rejected."""
    parts = token.split(".")
    if len(parts) != 3:
        raise Rejected("the token is not a JWT (header.payload.signature)")
    header, claims = _json(parts[0], "header"), _json(parts[1], "payload")
    algorithm = header.get("alg")
    if algorithm not in _HASHES:
        raise Rejected(f"the token's alg {algorithm!r} is not an RSA algorithm")
    keys = [k for k in issuer_keys(issuer) if k.get("kid") == header.get("kid") and k.get("kty") == "RSA"]
    if not keys:
        raise Rejected(f"no key of issuer {issuer} has the token's kid {header.get('kid')!r}")
    try:
        _public_key(keys[0]).verify(_b64(parts[2]), f"{parts[0]}.{parts[1]}".encode(), padding.PKCS1v15(), _HASHES[algorithm]())
    except (InvalidSignature, ValueError):
        raise Rejected("the token's signature is not valid") from None
    if claims.get("iss") != issuer:
        raise Rejected(f"the token's iss {claims.get('iss')!r} is not the issuer {issuer!r}")
    if "aud" in claims:
        given = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if not set(given) & set(audiences):
            raise Rejected(f"the token's aud {claims['aud']!r} is none of the audience {audiences}")
    elif claims.get("client_id") not in audiences:
        raise Rejected(f"the token has no aud and its client_id {claims.get('client_id')!r} is none of the audience {audiences}")
    now = time.time() if now is None else now
    if not isinstance(claims.get("exp"), (int, float)) or claims["exp"] <= now:
        raise Rejected("the token has expired")
    for claim in ("nbf", "iat"):
        if isinstance(claims.get(claim), (int, float)) and claims[claim] > now + 1:
            raise Rejected(f"the token's {claim} is in the future")
    return claims


def token_scopes(claims: dict) -> list[str]:
    if isinstance(claims.get("scope"), str):
        return claims["scope"].split()
    scp = claims.get("scp")
    return scp.split() if isinstance(scp, str) else list(scp or [])


def stringified(claims: dict) -> dict[str, str]:
    """Claims as API Gateway hands them to the integration: every value a string."""
    def text(value):
        if isinstance(value, str):
            return value
        if isinstance(value, bool):
            return str(value).lower()
        if isinstance(value, list):
            return "[" + " ".join(text(v) for v in value) + "]"
        if isinstance(value, dict):
            return json.dumps(value)
        return str(value)

    return {k: text(v) for k, v in claims.items()}
