"""A function's code as Lambda needs it: dependencies installed for Lambda's platform and cached,
executable bits kept, caches and .gcignore'd files left out, big code through S3, and the
limits said before any AWS call."""

from __future__ import annotations

import io
import json
import os
import shutil
import stat
import subprocess
import sys
import textwrap
import zipfile

import pytest

from conftest import REGION, apply, made_calls, pending, plan_of
from grucloud.aws import calls, packaging
from grucloud.aws.packaging import dependencies
from grucloud.problems import ProjectError
from packages import NODE, PURE, node_tarball, offline_installers, python_index

ROLE = {
    "type": "Role",
    "group": "IAM",
    "properties": {
        "RoleName": "code-role",
        "AssumeRolePolicyDocument": {
            "Version": "2012-10-17",
            "Statement": [{"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}}],
        },
    },
}


def _function(name: str, runtime: str, handler: str, architecture: str = "x86_64") -> dict:
    return {
        "type": "Function",
        "group": "Lambda",
        "properties": {"Configuration": {"FunctionName": name, "Handler": handler, "Runtime": runtime, "Architectures": [architecture]}},
        "dependencies": {"role": "code-role"},
    }


def _project(root, functions: list[dict], files: dict[str, str], config: dict | None = None):
    root.mkdir()
    resources = [ROLE, *functions]
    (root / "resources.py").write_text(f"def create_resources(config):\n    return {resources!r}\n")
    (root / "config.py").write_text(f"def create_config():\n    return {dict(projectName='code', **(config or {}))!r}\n")
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(textwrap.dedent(text))
    return root


@pytest.fixture(scope="session")
def index(tmp_path_factory):
    return python_index(tmp_path_factory.mktemp("index"))


@pytest.fixture(scope="session")
def node_dependency(tmp_path_factory):
    tarball = node_tarball(tmp_path_factory.mktemp("npm"))
    if tarball is None:
        pytest.skip("npm is not installed")
    return tarball


@pytest.fixture
def installs(monkeypatch, index):
    """Installers offline, on the local index; the list of the install commands gc ran."""
    offline_installers(monkeypatch, index)
    ran = []
    real = dependencies._run

    def run(command, *args, **kwargs):
        ran.append(command)
        return real(command, *args, **kwargs)

    monkeypatch.setattr(dependencies, "_run", run)
    return ran


def _zip_of(project, name, runtime="python3.12", architecture="x86_64") -> zipfile.ZipFile:
    built = packaging.package(project, project / name, name, runtime, architecture)
    return zipfile.ZipFile(io.BytesIO(built.zip))


def _deployed_code(name: str) -> bytes:
    from moto.awslambda.models import lambda_backends
    from moto.core import DEFAULT_ACCOUNT_ID

    return lambda_backends[DEFAULT_ACCOUNT_ID][REGION].get_function(name).code_bytes


def _run_deployed(name: str, where, command: list[str]) -> str:
    """Unzip the code the emulator holds for `name` and run its handler there, alone: what it
    imports must be in its zip."""
    folder = where / f"deployed-{name}"
    zipfile.ZipFile(io.BytesIO(_deployed_code(name))).extractall(folder)
    env = {"PATH": os.environ["PATH"], "PYTHONNOUSERSITE": "1"}
    return subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True, check=True).stdout.strip()


def test_a_python_and_a_node_function_deploy_with_their_dependencies_and_plan_again_with_no_install(
        target, tmp_path, installs, node_dependency):
    shutil.copy(node_dependency, tmp_path / node_dependency.name)
    project = _project(tmp_path / "deps", [
        _function("py-fn", "python3.12", "app.handler"),
        _function("node-fn", "nodejs20.x", "index.handler"),
    ], {
        "py-fn/app.py": """\
            from tinydep import GREETING

            def handler(event, context):
                return {"statusCode": 200, "body": GREETING}
            """,
        "py-fn/requirements.txt": f"{PURE}==1.0\n",
        "node-fn/index.js": f"const {{ greeting }} = require('{NODE}');\nexports.handler = async () => ({{ statusCode: 200, body: greeting }});\n",
        # relative to the function's folder, as users write it
        "node-fn/package.json": json.dumps({"name": "node-fn", "version": "1.0.0", "dependencies": {NODE: f"file:../../{node_dependency.name}"}}),
    })
    run = apply(project, target)
    assert run.result.ok, run.result.failed
    assert [c[:4] for c in installs] == [[sys.executable, "-m", "pip", "install"], ["npm", "install", "--omit=dev", "--no-audit"]]
    pip = installs[0]
    assert pip[pip.index("--python-version") + 1] == "3.12" and "--only-binary=:all:" in pip
    assert "manylinux2014_x86_64" in pip and "manylinux_2_34_x86_64" in pip

    # the deployed zips answer on their own: the dependencies are in them
    python = [sys.executable, "-s", "-c", "import app; print(app.handler({}, None)['body'])"]
    assert _run_deployed("py-fn", tmp_path, python) == "hello from tinydep"
    if shutil.which("node"):
        node = ["node", "-e", "require('./index').handler().then(r => console.log(r.body))"]
        assert _run_deployed("node-fn", tmp_path, node) == "hello from tiny-node-dep"

    # nothing changed: no install, the same CodeSha256, hence no change
    installs.clear()
    packaging._BUILT.clear()  # a new command: nothing kept in memory
    assert pending(plan_of(project, target).plan) == {}
    assert installs == []

    # a change of code alone reinstalls nothing; a change of requirements does
    (project / "py-fn" / "app.py").write_text((project / "py-fn" / "app.py").read_text() + "# changed\n")
    assert set(pending(plan_of(project, target).plan)) == {("Lambda::Function", "py-fn")}
    assert installs == []
    (project / "py-fn" / "requirements.txt").write_text(f"{PURE}==1.0\n{PURE}\n")
    plan_of(project, target)
    assert len(installs) == 1


def test_a_warm_cache_needs_no_installer_and_no_network(tmp_path, installs, monkeypatch):
    project = _project(tmp_path / "warm", [_function("f", "python3.12", "app.handler")],
                       {"f/app.py": "import tinydep\n", "f/requirements.txt": f"{PURE}\n"})
    first = packaging.package(project, project / "f", "f", "python3.12", "x86_64")
    packaging._BUILT.clear()

    def offline(command, *args, **kwargs):
        raise AssertionError(f"ran {command}")

    monkeypatch.setattr(dependencies, "_run", offline)
    monkeypatch.setenv("PIP_FIND_LINKS", str(tmp_path / "nowhere"))
    again = packaging.package(project, project / "f", "f", "python3.12", "x86_64")
    assert again.sha256 == first.sha256
    assert "tinydep/__init__.py" in zipfile.ZipFile(io.BytesIO(again.zip)).namelist()


def test_a_package_with_no_wheel_for_lambdas_platform_is_named_before_any_aws_call(tmp_path, installs, target):
    project = _project(tmp_path / "nowheel", [_function("f", "python3.12", "app.handler", "arm64")],
                       {"f/app.py": "", "f/requirements.txt": "nativedep==1.0\n"})
    calls.reset_counts()
    with pytest.raises(ProjectError) as error:
        plan_of(project, target)
    message = str(error.value)
    assert "Lambda::Function 'f' requirements.txt: no wheel of nativedep==1.0" in message
    assert "manylinux2014_aarch64, Python 3.12, arm64" in message
    assert made_calls() == {}
    # the same package has a wheel for x86_64; an sdist-only one has none at all
    dependencies.installed(project, project / "f", "f", "python3.12", "x86_64")
    (project / "f" / "requirements.txt").write_text("sdistonly\n")
    with pytest.raises(dependencies.DependencyError, match="no wheel of sdistonly"):
        dependencies.installed(project, project / "f", "f", "python3.12", "x86_64")


def test_the_zip_keeps_executable_bits_and_leaves_out_caches_and_gcignored_files(tmp_path):
    files = {
        "f/bootstrap": "#!/bin/sh\n",
        "f/lib/handler.sh": "echo hi\n",
        "f/README.md": "docs\n",
        "f/tests/test_it.py": "",
        "f/docs/tests": "a file named like an ignored folder\n",
        "f/__pycache__/x.cpython-312.pyc": "",
        "f/lib/__pycache__/y.pyc": "",
        "f/.git/config": "",
        "f/.venv/bin/python": "",
        "f/.gcignore": "# not in the zip\n*.md\ntests/\n",
    }
    project = _project(tmp_path / "custom", [_function("f", "provided.al2023", "bootstrap")], files)
    (project / "f" / "bootstrap").chmod(0o755)
    archive = _zip_of(project, "f", "provided.al2023")
    modes = {info.filename: stat.S_IMODE(info.external_attr >> 16) for info in archive.infolist()}
    assert modes == {"bootstrap": 0o755, "docs/tests": 0o644, "lib/handler.sh": 0o644}
    assert all(stat.S_ISREG(info.external_attr >> 16) and info.create_system == 3 for info in archive.infolist())


def test_code_over_250_mb_unzipped_is_refused_with_the_limit_before_any_aws_call(tmp_path, target, monkeypatch):
    project = _project(tmp_path / "big", [_function("f", "python3.12", "app.handler")], {"f/app.py": "x = 1\n" * 100})
    monkeypatch.setattr(packaging, "UNZIPPED_LIMIT", 500)  # the check, not 250 MB of disk
    calls.reset_counts()
    with pytest.raises(ProjectError) as error:
        plan_of(project, target)
    assert "Lambda::Function 'f' Configuration: the code is 0.0 MB unzipped, over Lambda's limit of 250 MB (500 bytes" in str(error.value)
    assert made_calls() == {}


def test_code_over_the_inline_limit_goes_through_a_declared_bucket(tmp_path, target, boto, monkeypatch):
    monkeypatch.setattr(packaging, "INLINE_LIMIT", 100)  # the 60 MB case: test_big_function_code
    boto("s3").create_bucket(Bucket="my-code")
    project = _project(tmp_path / "s3", [_function("f", "python3.12", "app.handler")], {"f/app.py": "x = 1\n" * 100},
                       {"codeBucket": "my-code"})
    assert apply(project, target).result.ok
    sha = boto("lambda").get_function(FunctionName="f")["Configuration"]["CodeSha256"]
    keys = [o["Key"] for o in boto("s3").list_objects_v2(Bucket="my-code")["Contents"]]
    assert len(keys) == 1 and keys[0].startswith("f/")
    body = boto("s3").get_object(Bucket="my-code", Key=keys[0])["Body"].read()
    assert sha == packaging.Package(body, 0).sha256
    assert pending(plan_of(project, target).plan) == {}
    # new code: uploaded under its own key, the function updated from there
    (project / "f" / "app.py").write_text("x = 2\n" * 100)
    assert apply(project, target).result.ok
    assert len(boto("s3").list_objects_v2(Bucket="my-code")["Contents"]) == 2
    assert boto("lambda").get_function(FunctionName="f")["Configuration"]["CodeSha256"] != sha


@pytest.fixture(scope="session")
def big_function_files(tmp_path_factory):
    """60 MB that do not compress (random bytes), written once per session."""
    folder = tmp_path_factory.mktemp("big") / "big-fn"
    folder.mkdir()
    (folder / "app.py").write_text("def handler(event, context):\n    return 1\n")
    (folder / "model.bin").write_bytes(os.urandom(60 * 2**20))
    return folder


def test_a_60_mb_function_goes_through_a_bucket_gc_makes_and_tags_for_the_project(tmp_path, target, boto, big_function_files):
    project = _project(tmp_path / "big60", [_function("big-fn", "python3.12", "app.handler")], {})
    (project / "big-fn").symlink_to(big_function_files, target_is_directory=True)
    calls.reset_counts()
    assert apply(project, target).result.ok
    made = made_calls()
    assert made["PutObject"] == 1 and made["CreateBucket"] == 1
    bucket = f"gc-code-123456789012-{REGION}-" + __import__("hashlib").sha256(b"code").hexdigest()[:8]
    tags = {t["Key"]: t["Value"] for t in boto("s3").get_bucket_tagging(Bucket=bucket)["TagSet"]}
    assert tags["gc-project-name"] == "code" and tags["gc-managed-by"] == "grucloud"
    (key,) = [o["Key"] for o in boto("s3").list_objects_v2(Bucket=bucket)["Contents"]]
    size = boto("s3").head_object(Bucket=bucket, Key=key)["ContentLength"]
    assert size > packaging.INLINE_LIMIT
    live = boto("lambda").get_function(FunctionName="big-fn")["Configuration"]
    assert live["CodeSize"] == size
    assert pending(plan_of(project, target).plan) == {}


def test_bytes_that_do_not_compress_are_stored_and_code_is_deflated(tmp_path):
    project = _project(tmp_path / "mixed", [_function("f", "python3.12", "app.handler")], {"f/app.py": "x = 1\n" * 2000})
    (project / "f" / "model.bin").write_bytes(os.urandom(100_000))
    methods = {i.filename: i.compress_type for i in _zip_of(project, "f").infolist()}
    assert methods == {"app.py": zipfile.ZIP_DEFLATED, "model.bin": zipfile.ZIP_STORED}


def test_a_node_function_with_a_lock_file_is_installed_with_npm_ci(tmp_path, installs, node_dependency):
    manifest = {"name": "locked", "version": "1.0.0", "dependencies": {NODE: f"file:{node_dependency}"}}
    project = _project(tmp_path / "locked", [_function("f", "nodejs20.x", "index.handler")],
                       {"f/index.js": "", "f/package.json": json.dumps(manifest)})
    subprocess.run(["npm", "install", "--package-lock-only", "--no-audit", "--no-fund"], cwd=project / "f", check=True, capture_output=True)
    names = _zip_of(project, "f", "nodejs20.x").namelist()
    assert [c[:2] for c in installs] == [["npm", "ci"]]
    assert f"node_modules/{NODE}/index.js" in names and "package-lock.json" in names  # the folder's own
