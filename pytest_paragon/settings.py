"""ONE typed table of pytest-paragon's settings, and everything generated from it.

Each :class:`Setting` is declared once (name, type, default, valid values, help, scope) and gives:
the ``--paragon-<name>`` option (one option group), the typed ``paragon_<name>`` ini key, the
keywords ``@pytest.mark.paragon`` and ``paragon_config`` accept, and the arguments of the
``pytest-paragon`` sub-commands that take it.

Every setting is resolved into one frozen :class:`pytest_paragon.resolution.ParagonSettings`, each
layer overriding the one before, key by key: the default, the ini file, the command line, the
``paragon_config`` fixture (a mapping a module or conftest can override), then the
``@pytest.mark.paragon`` markers from the outermost (module, class) to the test's own. Command-line
and ini values are parsed once at start-up (a bad one is one usage error listing the valid
values); marker values at collection (a bad one fails that test alone). :data:`RENAMED` keeps the
names of 0.1.0 working, with a :class:`~pytest_paragon.errors.ParagonDeprecationWarning`.

Scopes: ``test`` settings may differ per test (marker, ``paragon_config``); ``session`` settings
hold for the whole run (command line or ini only: a marker naming one is a usage error that says
so); ``suite`` settings belong to the contract suite (``--paragon-suite``, ``verify``).

This module imports only the standard library and pytest, so loading the plugin stays cheap.
"""

from __future__ import annotations

from typing import Any

from pytest_paragon.errors import ParagonUsageError
from pytest_paragon.setting_kinds import ANCHOR, Kind, Setting

STRICT_MODES = ("teardown", "immediate", "off")
WHEN = ("auto", "on", "off")
RECORD_MODES = ("none", "once", "new_episodes", "all", "rewrite")
"""The cassettes' record modes (``pytest_paragon.cassettes.RECORD_MODES`` is this tuple)."""


def _suite(name: str, kind: Kind, metavar: str | None, text: str, **more: Any) -> Setting:
    """A row of the contract suite's settings (``verify --<name>``; the README says more)."""
    text = f"Contract suite: {text}"
    more.setdefault("default", "auto" if kind == "choice" else None)
    return Setting(name, kind, text, scope="suite", metavar=metavar, commands=("verify",), **more)


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "contract_file",
        "path",
        "OpenAPI 3.1 contract to use instead of the bundled contracts/paragon.openapi.yaml.",
        scope="session",
        metavar="PATH",
        commands=("verify", "serve", "contract", "cassettes"),
    ),
    Setting(
        "signing_key",
        "path",
        "Private key PEM that signs user tokens (default: in tests, the machine's cached RSA-2048 "
        "test key; serve and verify make one per run).",
        scope="session",
        metavar="PEM",
        commands=("verify", "serve"),
    ),
    Setting(
        "strict",
        "choice",
        "What a request that breaks the contract does: fail the test after its body "
        "(teardown, the default), fail at the request (immediate), or nothing (off).",
        default="teardown",
        choices=STRICT_MODES,
        metavar="MODE",
        commands=("serve",),
    ),
    Setting(
        "allow_unmatched_answers",
        "bool",
        "Do not fail a test whose proxy, trigger or tool call matched no registered answer (the "
        "call is answered as if nothing were registered: the proxy's 502, a trigger's 202).",
        default=False,
        metavar="BOOL",
    ),
    Setting(
        "allow_unused_answers",
        "bool",
        "Do not fail a test that registered answers (proxy.on, triggers.on, actionkit.on, "
        "respond_once, respond_with) it never used.",
        default=False,
        metavar="BOOL",
    ),
    Setting(
        "provider_checks",
        "bool",
        "Check proxied requests against the provider's documented parameters (Slack, Salesforce, "
        "HubSpot, Google Drive, Jira, Shopify, Freshdesk endpoints) and fail a test that breaks "
        "one with ProviderRequestError; false turns the checks off.",
        default=True,
        metavar="BOOL",
        commands=("serve",),
    ),
    Setting(
        "intercept_while_served",
        "bool",
        "While paragon_server runs, still answer requests to Paragon's cloud hosts in process "
        "(by default they are refused, so a client that ignores the served URL fails).",
        default=False,
        metavar="BOOL",
    ),
    Setting(
        "journal_max_entries",
        "int",
        "Most exchanges the fake's journal keeps; past it the oldest are dropped, counted and "
        "warned about once (default 10000).",
        default=10_000,
        minimum=1,
        metavar="COUNT",
        commands=("serve",),
    ),
    Setting(
        "journal_max_bytes",
        "int",
        "Most bytes of request and response bodies the journal keeps (default 67108864, 64 MiB).",
        default=64 * 1024 * 1024,
        minimum=0,
        metavar="BYTES",
        commands=("serve",),
    ),
    Setting(
        "rate_limits",
        "bool",
        "Apply Paragon's documented rate limits (Task History API: 1,000 requests per 10 minutes) "
        "on the fake's clock: past one, a 429 with Retry-After, as Paragon answers.",
        default=False,
        metavar="BOOL",
        commands=("serve",),
    ),
    Setting(
        "project_id",
        "uuid",
        "Project id of the fake (default: a fixed UUID, pytest_paragon.fake.DEFAULT_PROJECT_ID).",
        metavar="UUID",
        commands=("verify", "serve"),
    ),
    Setting(
        "project_file",
        "path",
        "YAML or JSON file declaring the fake project's integrations (default: the catalogue).",
        metavar="PATH",
        commands=("verify", "serve"),
    ),
    Setting(
        "random_seed",
        "int",
        "Random seed of the fake's ids and of the contract suite's generated requests (default 0).",
        default=0,
        metavar="N",
        commands=("verify", "serve"),
    ),
    Setting(
        "onprem_host",
        "str",
        "On-prem base domain: zeus., hermes., worker-proxy., worker-actionkit., sync. under it "
        "are routed to the fake too (and proxy., the Proxy host of SDK <= 2.1.1).",
        metavar="DOMAIN",
    ),
    Setting(
        "trigger_timeout",
        "float",
        "Seconds a request-trigger handler may take before the fake answers 542 (default 55).",
        default=55.0,
        minimum=0,
        metavar="SECONDS",
    ),
    Setting(
        "validate_responses",
        "bool",
        "Also check every response of the fake against the contract (for debugging the fake).",
        default=False,
        metavar="BOOL",
    ),
    Setting(
        "sdk_version",
        "str",
        "The SDK version the client under test uses: auto (the default) answers each request "
        "that names its version in X-Paragon-SDK-Version with that version's frozen contract of "
        "contracts/history/, the others with the bundled one; a published version (1.0.40, "
        "2.0.6, 2.1.1, 2.2.3, 2.2.4-experimental.2, 2.4.0, ...) serves its frozen contract to "
        "every request and reports a client of another version.",
        default="auto",
        scope="session",
        metavar="VERSION",
        commands=("serve",),
    ),
    Setting(
        "record_mode",
        "choice",
        "Cassettes: none (replay only, the default: no test reaches the network), once (record "
        "when the cassette does not exist), new_episodes (record what is not in it), all "
        "(record every request, appended) or rewrite (re-record from scratch).",
        default="none",
        choices=RECORD_MODES,
        metavar="MODE",
    ),
    Setting(
        "record_from",
        "str",
        "Cassettes: the Paragon recording reaches, instead of each request's own host: a base URL "
        "every Paragon host maps onto (staging, on-prem, `pytest-paragon serve`; {service} "
        "stands for the host's first label), or paragon_server for this test's served fake. "
        "No DNS lookup of Paragon's hosts.",
        metavar="URL",
    ),
    Setting(
        "cassette_dir",
        "path",
        "Cassettes: the folder of the cassettes, relative to each test file's folder (default "
        "cassettes: cassettes/{module}/{test}.yaml beside the test; shared ones by name).",
        default="cassettes",
        metavar="DIR",
    ),
    Setting(
        "cassette_write_outside",
        "bool",
        "Cassettes: allow recording into a file outside the cassette folder (a path= or dir= "
        "leading out of the test's folder, or a symlink in it); refused otherwise.",
        default=False,
        metavar="BOOL",
    ),
    Setting(
        "cassette_miss",
        "choice",
        "Cassettes: what a request the cassette does not hold does when not recording: fail "
        "the test (fail, the default) or go to the stateful fake (fake).",
        default="fail",
        choices=("fail", "fake"),
        metavar="ACTION",
    ),
    Setting(
        "cassette_strict",
        "bool",
        "Cassettes: fail a test that left recorded interactions unreplayed (otherwise a warning).",
        default=False,
        metavar="BOOL",
    ),
    Setting(
        "cassette_order",
        "choice",
        "Cassettes: sequence (each recorded interaction answers once, identical requests in "
        "recorded order; the default) or any (a matching interaction may answer again).",
        default="sequence",
        choices=("sequence", "any"),
        metavar="ORDER",
    ),
    Setting(
        "cassette_contract",
        "choice",
        "Cassettes: what an interaction that breaks the contract does, when recorded and when "
        "replayed: fail the test (fail, the default), warn, or nothing (off).",
        default="fail",
        choices=("fail", "warn", "off"),
        metavar="CHECK",
    ),
    Setting(
        "cassette_redact_headers",
        "str",
        "Cassettes: more header names to redact, comma-separated (Authorization, cookies and "
        "API-key headers always are).",
        metavar="NAMES",
    ),
    Setting(
        "cassette_redact_json",
        "str",
        "Cassettes: more JSON paths to redact in bodies, comma-separated (data.*.email; a name "
        "without dots is that key anywhere).",
        metavar="PATHS",
    ),
    Setting(
        "cassette_redact_patterns",
        "str",
        "Cassettes: regular expressions whose matches are redacted from every string, one per "
        "line (ini) or separated by ' || '.",
        metavar="REGEXES",
    ),
    Setting(
        "cassette_redact_allow",
        "str",
        "Cassettes: the allow-list, what the secret rules would take but is not a secret: places "
        "(globs over the place verify prints, response.json.data[*].key) or /regexes/ a value "
        "matches whole; one per line (ini) or separated by ' || '.",
        metavar="RULES",
        commands=("cassettes",),
    ),
    Setting(
        "cassette_redact_fill",
        "str",
        "Cassettes: placeholders filled from the environment at replay, LABEL=ENV_VAR, ...",
        metavar="PAIRS",
    ),
    Setting(
        "coverage",
        "bool",
        "Report which operations, status codes, fields and event types the suite exercised "
        "(one line; a table with -v). Implied by the two coverage options below.",
        default=False,
        scope="session",
        flag=True,
        commands=("verify",),
    ),
    Setting(
        "coverage_json",
        "path",
        "Write the contract coverage report as JSON (format pytest-paragon-coverage v1).",
        scope="session",
        metavar="FILE",
        commands=("verify",),
    ),
    Setting(
        "coverage_html",
        "path",
        "Write the coverage report as one HTML page, DIR/index.html.",
        scope="session",
        metavar="DIR",
        commands=("verify",),
    ),
    Setting(
        "coverage_fail_under",
        "float",
        "Fail the session when the overall contract coverage is below PERCENT.",
        scope="session",
        minimum=0,
        metavar="PERCENT",
        commands=("verify",),
    ),
    Setting(
        "suite",
        "bool",
        "Run the contract suite: schemathesis over every operation of the contract, against the "
        "built-in fake (or --paragon-target); one test item per operation.",
        default=False,
        scope="suite",
        flag=True,
    ),
    Setting(
        "target",
        "str",
        "Contract suite: check a live or on-prem Paragon instead of the fake: a base URL serving "
        "every API, or a base domain (useparagon.com, or the on-prem domain).",
        scope="suite",
        metavar="URL",
        commands=("verify",),
    ),
    Setting(
        "target_token",
        "str",
        "Contract suite against a target: a user token to send (instead of minting tokens with "
        "--paragon-signing-key).",
        scope="suite",
        metavar="JWT",
        commands=("verify",),
    ),
    Setting(
        "target_api_key",
        "str",
        "Contract suite against a target: the project API key (Task History).",
        scope="suite",
        metavar="KEY",
        commands=("verify",),
    ),
    Setting(
        "target_user_id",
        "str",
        "Contract suite: the Connected User the minted tokens are for (default "
        "paragon-contract-user).",
        scope="suite",
        metavar="ID",
        commands=("verify",),
    ),
    Setting(
        "max_examples",
        "int",
        "Contract suite: requests generated per operation in the fuzzing phase (default 25; the "
        "examples and coverage phases add theirs).",
        default=25,
        minimum=1,
        scope="suite",
        metavar="N",
        commands=("verify",),
    ),
    Setting(
        "operations",
        "str",
        "Contract suite: check only these operations, comma-separated operationIds (default: "
        "every operation). Unlike -k, the others are not even built, and an unknown id is an "
        "error naming the nearest.",
        scope="suite",
        metavar="IDS",
        commands=("verify",),
    ),
    _suite("flows", "str", "NAMES", "named flows to run: actionkit, connect, sync, all, none."),
    _suite("authorization", "choice", "WHEN", "other users refused: auto, on, off.", choices=WHEN),
    _suite("baseline", "path", "FILE", "known failures by code; only new ones fail."),
    _suite("baseline_update", "bool", None, "rewrite the baseline.", default=False, flag=True),
    _suite("suite_json", "path", "FILE", "write the run as JSON (pytest-paragon-suite v1)."),
    _suite("suite_html", "path", "FILE", "write the run as one self-contained HTML page."),
    _suite(
        "replay_dir", "path", "DIR", "where failures write replay files.", default="paragon-replays"
    ),
    _suite("shard", "str", "I/N", "check only shard I of N (e.g. 2/4), split by operation name."),
)

BY_NAME: dict[str, Setting] = {setting.name: setting for setting in SETTINGS}
RENAMED: dict[str, str] = {
    "seed": "random_seed",
    "contract": "suite",
    "token": "target_token",
    "api_key": "target_api_key",
    "user_id": "target_user_id",
    "allow_unmatched_stubs": "allow_unmatched_answers",
    "allow_unused_stubs": "allow_unused_answers",
}
"""Setting names of 0.1.0 and their new names: the old option, ini key, marker keyword,
``paragon_config`` key and sub-command argument keep working, with a deprecation warning."""
MARKER_SETTINGS = tuple(s.name for s in SETTINGS if s.scope == "test")


def setting(name: str) -> Setting:
    """The setting ``name`` (or its 0.1.0 name); unknown: a usage error naming the nearest."""
    found = BY_NAME.get(RENAMED.get(name, name))
    if found is None:
        raise ParagonUsageError.from_unknown("pytest-paragon setting", name, BY_NAME, anchor=ANCHOR)
    return found


def settings_for(command: str) -> tuple[Setting, ...]:
    """The settings the ``pytest-paragon <command>`` sub-command takes."""
    return tuple(s for s in SETTINGS if command in s.commands)
