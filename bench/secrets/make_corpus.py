"""Writes ``tests/data/secrets/corpus.json``: planted fake secrets and look-alikes.

Each planted case is a snippet of code or config holding one fake secret (random values
of the real shape, seeded so the file is reproducible); each look-alike is a snippet
holding a value that must survive redaction (hashes, UUIDs, placeholders, identifiers).
Run ``python bench/secrets/make_corpus.py`` after changing the cases below.
"""

from __future__ import annotations

import base64
import json
import random
import string
import uuid
from pathlib import Path

OUT = Path(__file__).resolve().parents[2] / "tests" / "data" / "secrets" / "corpus.json"
rng = random.Random(17)
ALNUM = string.ascii_letters + string.digits
LOWER_ALNUM = string.ascii_lowercase + string.digits
UPPER_ALNUM = string.ascii_uppercase + string.digits
HEX = "0123456789abcdef"
B64 = ALNUM + "+/"


def pick(alphabet: str, n: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def jwt() -> str:
    header = base64.urlsafe_b64encode(b'{"alg":"HS256","typ":"JWT"}').decode().rstrip("=")
    body = (
        base64.urlsafe_b64encode(
            json.dumps({"sub": pick(HEX, 12), "iat": rng.randint(10**9, 2 * 10**9)}).encode()
        )
        .decode()
        .rstrip("=")
    )
    return f"{header}.{body}.{pick(ALNUM + '-_', 43)}"


def key_block(kind: str) -> str:
    body = "\n".join(pick(B64, 64) for _ in range(6))
    return f"-----BEGIN {kind}PRIVATE KEY-----\n{body}\n-----END {kind}PRIVATE KEY-----"


def planted() -> list[dict[str, str]]:
    cases: list[tuple[str, str, str]] = []  # kind, secret, text with {s}

    def add(kind: str, secret: str, text: str) -> None:
        cases.append((kind, secret, text))

    stripe = [
        f"sk_live_{pick(ALNUM, 24)}",
        f"sk_live_{pick(ALNUM, 99)}",
        f"sk_live_{pick(ALNUM, 32)}",
    ]
    add("stripe secret key", stripe[0], 'import stripe\n\nstripe.api_key = "{s}"\n')
    add("stripe secret key", stripe[1], 'STRIPE = Client("{s}")  # prod\n')
    add("stripe secret key", stripe[2], "# old key, rotated? {s}\ncharge(amount)\n")
    add(
        "stripe restricted key",
        f"rk_live_{pick(ALNUM, 24)}",
        "const stripe = require('stripe')('{s}');\n",
    )
    add("stripe webhook secret", f"whsec_{pick(ALNUM, 32)}", 'endpoint_secret = "{s}"\n')
    add("aws access key id", "AKIA" + pick(UPPER_ALNUM, 16), "[default]\naws_access_key_id = {s}\n")
    add(
        "aws access key id",
        "ASIA" + pick(UPPER_ALNUM, 16),
        'boto3.client("s3", aws_access_key_id="{s}")\n',
    )
    add("aws secret access key", pick(ALNUM + "/+", 40), "aws_secret_access_key = {s}\n")
    add("github classic token", "ghp_" + pick(ALNUM, 36), "env:\n  GH_TOKEN: {s}\n")
    add(
        "github fine-grained token",
        "github_pat_" + pick(ALNUM + "_", 82),
        "export GITHUB_PAT={s}\n",
    )
    add("github oauth token", "gho_" + pick(ALNUM, 36), '{{"oauth": "{s}"}}\n')
    add("gitlab token", "glpat-" + pick(ALNUM + "-_", 20), 'gitlab_token = "{s}"\n')
    add(
        "slack bot token",
        f"xoxb-{rng.randint(10**11, 10**12)}-{rng.randint(10**11, 10**12)}-{pick(ALNUM, 24)}",
        'client = WebClient(token="{s}")\n',
    )
    add(
        "slack user token",
        "xoxp-"
        + "-".join(str(rng.randint(10**11, 10**12)) for _ in range(3))
        + "-"
        + pick(HEX, 32),
        "SLACK = '{s}'\n",
    )
    add(
        "slack webhook",
        "https://hooks.slack.com/services/"
        + f"T{pick(UPPER_ALNUM, 8)}/B{pick(UPPER_ALNUM, 8)}/{pick(ALNUM, 24)}",
        'fetch("{s}", {{method: "POST"}})\n',
    )
    add("twilio api key", "SK" + pick(HEX, 32), 'twilio_key = "{s}"\n')
    add("twilio account sid", "AC" + pick(HEX, 32), "Client('{s}', auth)\n")
    add(
        "sendgrid key",
        f"SG.{pick(ALNUM + '-_', 22)}.{pick(ALNUM + '-_', 43)}",
        "sg = SendGridAPIClient('{s}')\n",
    )
    add("mailchimp key", f"{pick(HEX, 32)}-us{rng.randint(1, 20)}", "$mc = new MailChimp('{s}');\n")
    add("json web token", jwt(), "// test with: curl -H 'Authorization: Bearer {s}'\n")
    add("json web token", jwt(), 'session = "{s}"\n')
    add("rsa private key", key_block("RSA "), 'KEY = """\n{s}\n"""\n')
    add("openssh private key", key_block("OPENSSH "), "{s}\n")
    add("pkcs8 private key", key_block(""), "  private_key: |\n{s}\n")
    add(
        "google api key",
        "AIza" + pick(ALNUM + "-_", 35),
        '<script src="https://maps.googleapis.com/maps/api/js?key={s}"></script>\n',
    )
    add("openai key", "sk-proj-" + pick(ALNUM + "-_", 48), 'client = OpenAI(api_key="{s}")\n')
    add(
        "anthropic key",
        "sk-ant-api03-" + pick(ALNUM + "-_", 93),
        "const anthropic = new Anthropic({{ apiKey: '{s}' }});\n",
    )
    add("npm token", "npm_" + pick(ALNUM, 36), "//registry.npmjs.org/:_authToken={s}\n")
    add("pypi token", "pypi-AgEIcHlwaS5vcmc" + pick(ALNUM + "-_", 80), "[pypi]\npassword = {s}\n")
    add(
        "discord bot token",
        f"M{pick(ALNUM, 23)}.{pick(ALNUM, 6)}.{pick(ALNUM + '-_', 27)}",
        "bot.run('{s}')\n",
    )
    add(
        "telegram bot token",
        f"{rng.randint(10**8, 10**9)}:{pick(ALNUM + '-_', 35)}",
        'TELEGRAM_BOT = "{s}"\n',
    )
    add(
        "password in url",
        "Zq8" + pick(ALNUM, 13),
        "DATABASE_URL: postgres://app:{s}@db.internal:5432/app\n",
    )
    add(
        "password in url",
        "hunter2-" + pick(ALNUM, 6),
        "git clone https://deploy:{s}@git.example.org/repo.git\n",
    )
    add("password assignment", "Tr0ub4dor&3-" + pick(ALNUM, 4), 'password = "{s}"\n')
    add("password assignment", pick(ALNUM, 10) + "!9", "    db_password: '{s}'\n")
    add("password in ini", pick(ALNUM, 12) + "7", "[database]\nuser = app\npassword = {s}\n")
    add(
        "password in yaml",
        "S3cure-" + pick(ALNUM, 8),
        "spring:\n  datasource:\n    password: {s}\n",
    )
    add(
        "password in java",
        "J@va" + pick(ALNUM, 10),
        'private static final String DB_PASSWORD = "{s}";\n',
    )
    add("password in go", "g0-" + pick(ALNUM, 12), 'const adminPassword = "{s}"\n')
    add(
        "password comparison",
        "letmein-" + pick(ALNUM, 6) + "1",
        'if (password === "{s}") {{ grant(); }}\n',
    )
    add("positional password", "hunter2-S3cret!", 'conn = connect("db", "{s}")\n')
    add("positional password", "p@ssw0rd-" + pick(ALNUM, 4), "session = login(user, '{s}')\n")
    add(
        "positional password",
        "Adm1n#" + pick(ALNUM, 6),
        'ldap.simple_bind_s("cn=admin,dc=corp", "{s}")\n',
    )
    add("positional password", "R3set!" + pick(ALNUM, 5), 'user.set_password("{s}")\n')
    add(
        "positional password",
        "Pw_" + pick(ALNUM, 9) + "4",
        'requests.get(url, auth=("svc", "{s}"))\n',
    )
    add(
        "django secret key",
        pick(LOWER_ALNUM + "!@#%^&*(-_=+)", 50).replace("'", ""),
        "SECRET_KEY = '{s}'\n",
    )
    add("high-entropy config value", pick(ALNUM + "+/", 40), 'signing_material = "{s}"\n')
    add("high-entropy hex value", pick(HEX, 64), "HMAC = '{s}'\n")
    add("high-entropy env value", pick(ALNUM, 32), "ENCRYPTION=  {s}\n")
    add("hugging face token", "hf_" + pick(ALNUM, 34), 'login(token="{s}")\n')
    add("shopify token", "shpat_" + pick(HEX, 32), "X-Shopify-Access-Token: {s}\n")
    add("digitalocean token", "dop_v1_" + pick(HEX, 64), "do_token = {s}\n")
    add(
        "azure storage key",
        pick(ALNUM + "+/", 86) + "==",
        "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey={s};EndpointSuffix=core.windows.net\n",
    )
    add("square oauth secret", "sq0csp-" + pick(ALNUM + "-_", 43), "SQUARE_SECRET = '{s}'\n")
    add(
        "bearer token in a header",
        pick(ALNUM + "-_.", 40),
        'headers = {{"Authorization": "Bearer {s}"}}\n',
    )
    add("api key in markdown", "ak_" + pick(ALNUM, 30), "Set `API_KEY={s}` before running.\n")
    add("token in dockerfile", pick(ALNUM, 28) + "9", "ENV API_TOKEN={s}\n")
    return [
        {
            "kind": kind,
            "secret": secret,
            "text": text.replace("{s}", secret).replace("{{", "{").replace("}}", "}"),
        }
        for kind, secret, text in cases
    ]


def lookalikes() -> list[dict[str, str]]:
    cases: list[tuple[str, str, str]] = []

    def add(kind: str, keep: str, text: str) -> None:
        cases.append((kind, keep, text))

    for _ in range(3):
        digest = pick(HEX, 64)
        add(
            "lock file hash",
            f"sha256:{digest}",
            f'wheels = [{{ url = "x.whl", hash = "sha256:{digest}" }}]\n',
        )
    for _ in range(2):
        integrity = "sha512-" + base64.b64encode(rng.randbytes(64)).decode()
        add("package-lock integrity", integrity, f'      "integrity": "{integrity}",\n')
    for _ in range(3):
        commit = pick(HEX, 40)
        add(
            "git commit sha", commit, f"  - repo: https://github.com/psf/black\n    rev: {commit}\n"
        )
    add("git commit sha", (c := pick(HEX, 40)), f'COMMIT = "{c}"\n')
    add("docker digest", (d := "sha256:" + pick(HEX, 64)), f"image: nginx@{d}\n")
    for _ in range(3):
        u = str(uuid.UUID(int=rng.getrandbits(128)))
        add("uuid", u, f'request_id = "{u}"\n')
    add("uuid", (u := str(uuid.UUID(int=rng.getrandbits(128)))), f"tenant: {u}\n")
    for sentence in (
        b"The quick brown fox jumps over the lazy dog",
        b"hello world, this is test data",
        b'{"user": "alice", "roles": ["admin"]}',
    ):
        encoded = base64.b64encode(sentence).decode()
        add("base64 test data", encoded, f'payload = "{encoded}"\n')
    add("placeholder", "YOUR_API_KEY_HERE", 'api_key = "YOUR_API_KEY_HERE"\n')
    add("placeholder", "changeme", 'password = "changeme"\n')
    add("placeholder", "<your-token>", "token: <your-token>\n")
    add("placeholder", "${DB_PASSWORD}", "password: ${DB_PASSWORD}\n")
    add("placeholder", "{{ secrets.NPM_TOKEN }}", "NODE_AUTH_TOKEN: {{ secrets.NPM_TOKEN }}\n")
    add("placeholder", "sk_live_xxxxxxxx", "# put your key here, e.g. sk_live_xxxxxxxx\n")
    add("placeholder", "example-password", 'DEMO_PASSWORD = "example-password"\n')
    add(
        "long identifier",
        "test_that_a_really_long_function_name_is_kept_exactly",
        "def test_that_a_really_long_function_name_is_kept_exactly():\n    pass\n",
    )
    add(
        "long identifier",
        "AbstractSingletonProxyFactoryBean2Configuration",
        "class AbstractSingletonProxyFactoryBean2Configuration(Base):\n",
    )
    add(
        "long identifier",
        "MAX_RETRY_BACKOFF_SECONDS_FOR_UPLOADS",
        "MAX_RETRY_BACKOFF_SECONDS_FOR_UPLOADS = 30\n",
    )
    add(
        "long identifier",
        "TokenizerFastConverterForBertBase",
        "converter = TokenizerFastConverterForBertBase(vocab)\n",
    )
    add("long identifier", "PASSWORD_RESET_TIMEOUT_DAYS", "PASSWORD_RESET_TIMEOUT_DAYS = 3\n")
    add(
        "code reading a secret",
        'os.environ["GITHUB_TOKEN"]',
        'token = os.environ["GITHUB_TOKEN"]\n',
    )
    add("code reading a secret", "getpass.getpass()", "password = getpass.getpass()\n")
    add("code reading a secret", "settings.SECRET_KEY", "secret = settings.SECRET_KEY\n")
    add(
        "code passing a secret",
        "login(username, password)",
        "    return login(username, password)\n",
    )
    add("code passing a secret", "self.token = token", "        self.token = token\n")
    add("type annotation", "password: str", "def connect(host: str, password: str) -> None:\n")
    add("type annotation", "token: str | None = None", "    token: str | None = None\n")
    add("comparison", "password == confirm_password", "if password == confirm_password:\n")
    add("label", "Password", 'label = _("Password")\nPASSWORD_FIELD = "password"\n')
    add("label", "X-Api-Key", 'API_KEY_HEADER = "X-Api-Key"\n')
    add("label", "Enter your password", "prompt = 'Enter your password'\n")
    add("host", "db.internal.example.com", 'conn = connect("db.internal.example.com", 5432)\n')
    add("host", "localhost:6379", 'redis = connect("localhost:6379")\n')
    add(
        "url without credentials",
        "https://api.example.com/v1/charges?limit=10",
        'URL = "https://api.example.com/v1/charges?limit=10"\n',
    )
    add("version", "2.31.0.post1", 'version = "2.31.0.post1"\n')
    add("hex color", "#1e90ff", "color: #1e90ff;\n")
    add("number", "3.141592653589793", "PI = 3.141592653589793\n")
    add("prose", "the token is refreshed every hour", "# the token is refreshed every hour\n")
    add(
        "sequential test string",
        "abcdefghijklmnopqrstuvwxyz",
        'ALPHABET = "abcdefghijklmnopqrstuvwxyz"\n',
    )
    add("file path", "/var/lib/app/secrets/README", 'SECRETS_DIR = "/var/lib/app/secrets/README"\n')
    add(
        "module path",
        "django.contrib.auth.backends.ModelBackend",
        "AUTHENTICATION_BACKENDS = ['django.contrib.auth.backends.ModelBackend']\n",
    )
    add("css class", "btn-primary-outline-large", 'className="btn-primary-outline-large"\n')
    add("md5 checksum", (m := pick(HEX, 32)), f'md5sum = "{m}"\n')
    add("sha1 in docs", (s1 := pick(HEX, 40)), f"Fixed in {s1}.\n")
    add("semver range", ">=1.2.3,<2", 'requires = ">=1.2.3,<2"\n')
    return [{"kind": kind, "keep": keep, "text": text} for kind, keep, text in cases]


def main() -> None:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    corpus = {"planted": planted(), "lookalikes": lookalikes()}
    OUT.write_text(json.dumps(corpus, indent=1) + "\n", encoding="utf-8")
    kinds = {case["kind"] for case in corpus["planted"]}
    planted_count, lookalike_count = len(corpus["planted"]), len(corpus["lookalikes"])
    print(f"{planted_count} planted ({len(kinds)} kinds), {lookalike_count} look-alikes -> {OUT}")


if __name__ == "__main__":
    main()
