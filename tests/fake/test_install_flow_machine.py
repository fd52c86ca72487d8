"""A state machine over the installFlow simulator: any call sequence keeps the invariants.

No two VALID credentials for one integration unless multi-account was asked for; after cancel no
PENDING credential remains; a flow that reaches ``done`` leaves a VALID credential and exactly one
install event; errors never corrupt the state.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from pytest_paragon.fake.core import FakeParagon
from pytest_paragon.sdk.install_flow import InstallFlow, InstallFlowError
from pytest_paragon.sdk.sdk_events import SdkEvents
from pytest_paragon.tokens import SigningKey

KEY = SigningKey.generate()
USER = "user-machine"
INTEGRATIONS = ("hubspot", "jira", "freshdesk", "salesforce", "shopify")
OUTCOMES = ("granted", "denied", "provider_error", "timeout", "popup_blocked")
COMPLETE_VALUES = {
    "FRESHDESK_DOMAIN": "acme",
    "FRESHDESK_API_KEY": "key",
    "SHOP_NAME": "shop",
    "JIRA_CLOUD_ID": "cloud",
}


class InstallFlowMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.fake = FakeParagon(signing_key=KEY)
        self.events = SdkEvents()
        token = KEY.mint(USER, project_id=self.fake.project.id)
        self.flow = InstallFlow(self.fake, token, events=self.events)
        self.multi: set[str] = set()
        self.completed = 0

    def teardown(self) -> None:
        self.flow.close()

    def _stage(self) -> str | None:
        return self.flow.stage["stage"] if self.flow.stage else None

    def _snapshot(self) -> list[tuple[str, str]]:
        return [(c.id, c.status) for c in self.fake.users.credentials(USER)]

    def _call(self, method: str, *args: Any, **kwargs: Any) -> None:
        before = self._snapshot()
        if method == "start":  # starting abandons an unfinished flow and its pending credential
            before = [(cid, status) for cid, status in before if status != "PENDING"]
        try:
            stage = getattr(self.flow, method)(*args, **kwargs)
        except InstallFlowError:
            assert self._snapshot() == before  # errors never corrupt the state
            return
        if stage is not None and stage["stage"] == "done":
            self.completed += 1

    @rule(
        integration=st.sampled_from(INTEGRATIONS),
        outcome=st.sampled_from(OUTCOMES),
        multi=st.booleans(),
    )
    def start(self, integration: str, outcome: Any, multi: bool) -> None:
        if multi:
            self.multi.add(integration)
        self._call("start", integration, oauth=outcome, allow_multiple_credentials=multi)

    @rule(account_type=st.sampled_from(("default", "sandbox", "nope")))
    def set_account_type(self, account_type: str) -> None:
        self._call("set_account_type", account_type)

    @rule()
    def finish_instruction(self) -> None:
        self._call("finish_instruction")

    @rule(complete=st.booleans())
    def set_pre_options(self, complete: bool) -> None:
        self._call("set_pre_options", COMPLETE_VALUES if complete else {})

    @rule(complete=st.booleans())
    def set_post_options(self, complete: bool) -> None:
        self._call("set_post_options", COMPLETE_VALUES if complete else {})

    @precondition(lambda self: self.flow.stage is not None)
    @rule()
    def cancel(self) -> None:
        self.flow.cancel()
        pending = [c for c in self.fake.users.credentials(USER) if c.status == "PENDING"]
        assert pending == []

    @invariant()
    def one_valid_credential_per_integration_unless_multi_account(self) -> None:
        valid = Counter(
            c.integration_type for c in self.fake.users.credentials(USER) if c.status == "VALID"
        )
        for integration, count in valid.items():
            assert count == 1 or integration in self.multi

    @invariant()
    def every_completed_flow_emitted_one_install_event_with_a_valid_credential(self) -> None:
        installs = [event for name, event in self.events.emitted if name == "onIntegrationInstall"]
        assert len(installs) == self.completed
        for event in installs:
            credential = self.fake.state.credentials.get(event["credentialId"])
            assert credential is None or credential.status == "VALID"  # None: a later uninstall

    @invariant()
    def pending_credentials_belong_to_integrations_with_post_options(self) -> None:
        pending = {
            c.integration_type for c in self.fake.users.credentials(USER) if c.status == "PENDING"
        }
        assert pending <= {"jira"}

    @invariant()
    def the_fake_saw_no_contract_violation(self) -> None:
        assert self.fake._violations == []


InstallFlowMachine.TestCase.settings = settings(
    max_examples=30,
    stateful_step_count=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestInstallFlowMachine = InstallFlowMachine.TestCase
