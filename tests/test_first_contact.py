"""The first contact with an account, with none configured and no network: each way it can go
wrong says what to do. Credentials come from files in tmp_path; AWS, where a call must be
answered, is a stand-in on loopback that answers as AWS does when it refuses."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from grucloud.__main__ import main

IDENTITY = """<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>
<Arn>arn:aws:iam::210987654321:user/alice</Arn><UserId>AIDAEXAMPLE</UserId><Account>210987654321</Account>
</GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>"""
EXPIRED = """<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type>
<Code>ExpiredToken</Code><Message>The security token included in the request is expired</Message></Error>
<RequestId>1</RequestId></ErrorResponse>"""
DENIED = {"Message": "User: arn:aws:iam::210987654321:user/alice is not authorized to perform: lambda:ListFunctions "
                     "on resource: * because no identity-based policy allows the lambda:ListFunctions action"}


@pytest.fixture
def no_account(tmp_path, monkeypatch):
    """A user with no AWS configuration at all: empty home, no credentials, no instance role."""
    home = tmp_path / "home"
    (home / ".aws").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(home / ".aws" / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(home / ".aws" / "credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")  # no instance role lookup (network)
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_PROFILE",
                 "AWS_DEFAULT_PROFILE", "AWS_ENDPOINT_URL", "AWS_DEFAULT_REGION", "AWS_REGION", "GC_LOCAL",
                 "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_WEB_IDENTITY_TOKEN_FILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_REGION", "eu-west-3")
    project = tmp_path / "proj"
    project.mkdir()
    (project / "resources.py").write_text("def create_resources(config):\n    return []\n")
    return home


@pytest.fixture
def fake_aws(monkeypatch, no_account):
    """AWS on loopback: STS answers `answers["sts"]`, Lambda `answers["lambda"]` (status, body)."""
    answers = {"sts": (200, IDENTITY), "lambda": (200, json.dumps({"Functions": []}))}

    class Handler(BaseHTTPRequestHandler):
        def _answer(self):
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            status, body = answers["lambda" if self.path.startswith("/2015-03-31/") else "sts"]
            kind = "application/json" if body.startswith("{") else "text/xml"
            self.send_response(status)
            self.send_header("Content-Type", kind)
            if status == 403:
                self.send_header("x-amzn-ErrorType", "AccessDeniedException")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body.encode())

        do_GET = do_POST = _answer

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://127.0.0.1:{server.server_address[1]}")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "secret")
    yield answers
    server.shutdown()


def gc(capsys, tmp_path, *args) -> tuple[int, str]:
    status = main(["-C", str(tmp_path / "proj"), *args])
    captured = capsys.readouterr()
    return status, captured.out + captured.err


def test_no_credentials_says_how_to_configure_them_or_to_try_local(no_account, capsys, tmp_path):
    status, said = gc(capsys, tmp_path, "info")
    assert status == 1
    assert "no AWS credentials found" in said
    for hint in ("export AWS_PROFILE=NAME", "aws configure sso", "aws sso login --profile NAME", "`aws configure`", "gc --local"):
        assert hint in said
    assert "Traceback" not in said


def test_a_profile_that_does_not_exist_is_named_with_the_ones_that_do(no_account, capsys, tmp_path):
    (no_account / ".aws" / "config").write_text("[profile work]\nregion = eu-west-3\n[default]\nregion = us-east-1\n")
    status, said = gc(capsys, tmp_path, "--profile", "wrok", "info")
    assert status == 1
    assert "AWS profile 'wrok' not found (profiles found in ~/.aws/config and ~/.aws/credentials: default, work)" in said
    assert "aws configure --profile wrok" in said


def test_an_expired_sso_login_says_to_log_in_again_with_the_profile(no_account, capsys, tmp_path, monkeypatch):
    (no_account / ".aws" / "config").write_text(
        "[profile dev-sso]\nsso_start_url = https://example.awsapps.com/start\nsso_region = us-east-1\n"
        "sso_account_id = 210987654321\nsso_role_name = Admin\nregion = eu-west-3\n")
    cache = no_account / ".aws" / "sso" / "cache"
    cache.mkdir(parents=True)
    import hashlib

    token = {"startUrl": "https://example.awsapps.com/start", "region": "us-east-1", "accessToken": "x", "expiresAt": "2020-01-01T00:00:00Z"}
    (cache / f"{hashlib.sha1(b'https://example.awsapps.com/start').hexdigest()}.json").write_text(json.dumps(token))
    monkeypatch.setenv("AWS_PROFILE", "dev-sso")
    status, said = gc(capsys, tmp_path, "info")
    assert status == 1
    assert "the AWS SSO login of profile dev-sso has expired or is not valid: run `aws sso login --profile dev-sso`" in said


def test_an_expired_session_token_says_to_get_fresh_credentials(fake_aws, capsys, tmp_path, monkeypatch):
    fake_aws["sts"] = (400, EXPIRED)
    monkeypatch.setenv("AWS_SESSION_TOKEN", "old")
    status, said = gc(capsys, tmp_path, "info")
    assert status == 1
    assert "AWS refused sts.GetCallerIdentity: the session token of these credentials has expired" in said
    assert "aws sso login --profile NAME" in said and "AWS_SESSION_TOKEN" in said


def test_access_denied_names_the_call_and_the_permission_to_add(fake_aws, capsys, tmp_path):
    fake_aws["lambda"] = (403, json.dumps(DENIED))
    status, said = gc(capsys, tmp_path, "list", "-t", "Lambda::Function")
    assert status == 1
    assert "AWS refused lambda.ListFunctions: the credentials in use lack the permission lambda:ListFunctions." in said
    assert "is not authorized to perform: lambda:ListFunctions" in said  # AWS's own words, kept
    assert "Allow lambda:ListFunctions in a policy of that user or role" in said


def test_info_shows_the_caller_identity_and_reads_aws_region(fake_aws, capsys, tmp_path):
    status, said = gc(capsys, tmp_path, "info")
    assert status == 0, said
    assert "aws eu-west-3 account 210987654321" in said  # AWS_REGION, not only AWS_DEFAULT_REGION
    assert "caller:       arn:aws:iam::210987654321:user/alice" in said
    assert "profile:      none (environment, or the default credentials)" in said
