"""The installFlow simulator: SDK 2.4.0's headless install flow, driven against the fake over HTTP.

:class:`InstallFlow` computes the stages in the SDK's order from the integration's definition
(``accountType``, ``instruction``, ``preOptions``, ``oauth``, ``postOptions``, ``done``) and sends
the requests the SDK sends: the OAuth popup flow (E16, E17 polling, E11, E18), ``POST
/sdk/credentials`` for API-key integrations (E9), ``complete-setup`` for post-OAuth options (E10)
and the uninstall of a pending credential on :meth:`InstallFlow.cancel` (E4). The test chooses the
OAuth outcome. Two styles: SDK callbacks (``on_next``, ``on_complete``, ``on_error``), or plain
calls that return the next stage. No pytest here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlparse

from pytest_paragon.sdk.install_flow_errors import (
    HeadlessModeNotEnabledError,
    InstallFlowError,
    IntegrationNotFoundError,
    NoActiveInstallFlowError,
    OAuthBlockedError,
    OAuthTimeoutError,
    UnknownError,
    WrongStageError,
)
from pytest_paragon.sdk.sdk_events import SdkEvents

if TYPE_CHECKING:
    import httpx

    from pytest_paragon.fake.base.project import IntegrationSpec
    from pytest_paragon.fake.core import FakeParagon

__all__ = [
    "HeadlessModeNotEnabledError",
    "InstallFlow",
    "InstallFlowError",
    "IntegrationNotFoundError",
    "NoActiveInstallFlowError",
    "OAuthBlockedError",
    "OAuthOutcome",
    "OAuthTimeoutError",
    "Stage",
    "UnknownError",
    "WrongStageError",
]

OAuthOutcome = Literal["granted", "denied", "provider_error", "timeout", "popup_blocked"]
Stage = dict[str, Any]

SALESFORCE_PACKAGE_HOSTS = (
    "login.salesforce.com",
    "test.salesforce.com",
    "appexchange.salesforce.com",
)


@dataclass
class _Flow:
    integration: IntegrationSpec
    options: dict[str, Any]
    outcome: OAuthOutcome
    stage: Stage = field(default_factory=dict)
    account_type: str | None = None
    instruction_done: bool = False
    pre_values: dict[str, Any] | None = None
    post_values: dict[str, Any] | None = None
    credential: dict[str, Any] | None = None


class InstallFlow:
    """``paragon.installFlow`` for one authenticated user of a fake.

    It talks to the fake only over HTTP: Paragon's API and the admin API (``/__paragon/project``
    for the integrations' declarations, ``/__paragon/oauth/outcome`` and ``/__paragon/seed`` for
    the consent). Give it a
    :class:`~pytest_paragon.fake.core.FakeParagon` (served in process, admin API included) or the
    base URL of a server-mode fake (``pytest-paragon serve``, ``paragon_server.url``).
    """

    def __init__(
        self,
        fake: FakeParagon | str,
        token: str,
        *,
        headless: bool = True,
        events: SdkEvents | None = None,
    ) -> None:
        """Drive ``fake`` as the user of ``token`` (``headless=False``: setHeadless not called)."""
        import httpx

        from pytest_paragon.fake.base.project import ProjectSpec

        transport: httpx.BaseTransport | None = None
        if isinstance(fake, str):
            self._root = fake.rstrip("/")
        else:
            from pytest_paragon.fake.entrances.inprocess import InProcessTransport

            self._root = "https://zeus.useparagon.com"
            transport = InProcessTransport(fake)
        self._token = token
        self.headless = headless
        self.events = events or SdkEvents()
        self._client = httpx.Client(
            base_url=self._root,
            headers={"Authorization": f"Bearer {token}", "X-Paragon-SDK-Version": "2.4.0"},
            transport=transport,
        )
        self.project = ProjectSpec.model_validate(self._admin("GET", "project"))
        self._client.base_url = httpx.URL(f"{self._root}/projects/{self.project.id}")
        self._flow: _Flow | None = None
        self._callbacks: dict[str, Callable[..., Any] | None] = {}

    # -- the SDK's API --------------------------------------------------------------------------

    def start(
        self,
        integration: str,
        *,
        on_next: Callable[[Stage], Any] | None = None,
        on_complete: Callable[[dict[str, Any]], Any] | None = None,
        on_error: Callable[[InstallFlowError, dict[str, Any] | None], Any] | None = None,
        oauth: OAuthOutcome = "granted",
        allow_multiple_credentials: bool = False,
        selected_credential_id: str | None = None,
        external_id: str | None = None,
        override_redirect_url: str | None = None,
    ) -> Stage | None:
        """Start installing ``integration``; returns the first stage (``None`` on an error)."""
        self.cancel()  # a new flow abandons an unfinished one, removing its pending credential
        self._callbacks = {"next": on_next, "complete": on_complete, "error": on_error}
        try:
            if not self.headless:
                raise HeadlessModeNotEnabledError()
            spec = self.project.integration(integration)
            if spec is None or not spec.isActive:
                raise IntegrationNotFoundError(integration)
            options = self._install_options(
                integration,
                allow_multiple_credentials,
                selected_credential_id,
                external_id,
                override_redirect_url,
            )
        except InstallFlowError as error:
            return self._fail(error, None)
        self._flow = _Flow(spec, options, oauth)
        return self._advance()

    def set_account_type(self, account_type: str) -> Stage | None:
        """Choose an account type in the ``accountType`` stage."""
        flow = self._expect("set_account_type", "accountType")
        if account_type not in {a.id for a in flow.integration.accountTypes}:
            return self._fail(UnknownError(f"Unknown account type {account_type!r}"), "accountType")
        flow.account_type = account_type
        flow.options["accountType"] = account_type
        return self._advance()

    def finish_instruction(self) -> Stage | None:
        """Press the ``instruction`` stage's finish button (``finish.onClick()`` in the SDK)."""
        self._expect("finish_instruction", "instruction").instruction_done = True
        return self._advance()

    def set_pre_options(self, values: Mapping[str, Any]) -> Stage | None:
        """Submit the ``preOptions`` values: OAuth with them, or create an API-key credential."""
        flow = self._expect("set_pre_options", "preOptions")
        missing = [
            i["id"]
            for i in flow.stage["options"]
            if i.get("required", True) and i["id"] not in values
        ]
        if missing:
            return self._fail(
                UnknownError(f"Missing required values: {', '.join(missing)}"), "preOptions"
            )
        flow.pre_values = dict(values)
        if self._scheme(flow) != "oauth":
            response = self._client.post(
                "/sdk/credentials",
                json={
                    "integrationId": flow.integration.id,
                    "config": {},
                    "payload": dict(values),
                    "installOptions": flow.options,
                },
            )
            if response.status_code >= 400:
                return self._fail(UnknownError(self._message(response)), "preOptions")
            flow.credential = response.json()
        return self._advance()

    def set_post_options(self, values: Mapping[str, Any]) -> Stage | None:
        """Submit the ``postOptions`` values; completes the PENDING credential (E10)."""
        flow = self._expect("set_post_options", "postOptions")
        if flow.credential is None:
            return self._fail(UnknownError("Credential ID is not set"), "postOptions")
        response = self._client.post(
            f"/sdk/credentials/{flow.credential['id']}/complete-setup",
            json={
                "integrationId": flow.integration.id,
                "config": {},
                "payload": {**values, "skipPostOAuthInputs": False},
                "installOptions": flow.options,
            },
        )
        if response.status_code >= 400:
            return self._fail(UnknownError(self._message(response)), "postOptions")
        flow.post_values = dict(values)
        flow.credential = response.json()
        return self._advance()

    def cancel(self) -> None:
        """Abandon the flow; a credential this flow created (still PENDING) is uninstalled (E4)."""
        flow, self._flow = self._flow, None
        if flow is None or flow.credential is None or flow.stage.get("stage") == "done":
            return
        self._client.delete(
            f"/sdk/integrations/{flow.integration.id}",
            headers={"X-Paragon-Credential": flow.credential["id"]},
        )

    @property
    def stage(self) -> Stage | None:
        """The current stage (``None`` without an active flow)."""
        return self._flow.stage if self._flow else None

    def account_type_value(self) -> str | None:
        """``getAccountTypeValue()``."""
        return self._flow.account_type if self._flow else None

    def pre_options_value(self) -> dict[str, Any] | None:
        """``getPreOptionsValue()``."""
        return self._flow.pre_values if self._flow else None

    def post_options_value(self) -> dict[str, Any] | None:
        """``getPostOptionsValue()``."""
        return self._flow.post_values if self._flow else None

    def close(self) -> None:
        """Close the HTTP client."""
        self._client.close()

    def _admin(self, method: str, path: str, body: Any = None) -> Any:
        """One call to the fake's admin API (``/__paragon/...``); its JSON answer."""
        response = self._client.request(method, f"{self._root}/__paragon/{path}", json=body)
        if response.status_code >= 400:
            raise InstallFlowError(
                f"the fake's admin API refused {method} /__paragon/{path}: "
                f"{response.status_code} {response.text}"
            )
        return response.json()

    # -- the machinery --------------------------------------------------------------------------

    def _install_options(
        self,
        integration: str,
        allow_multiple: bool,
        selected: str | None,
        external_id: str | None,
        redirect: str | None,
    ) -> dict[str, Any]:
        if external_id is not None and selected is not None:
            raise UnknownError(
                "`externalId` and `selectedCredentialId` cannot be used together: use "
                "`selectedCredentialId` to update an existing credential."
            )
        if external_id is not None and not external_id.strip():
            raise UnknownError("`externalId` must not be an empty or whitespace-only string.")
        options: dict[str, Any] = {
            "allowMultipleCredentials": allow_multiple or selected is not None
        }
        if selected is not None:
            options["selectedCredentialId"] = selected
        if external_id is not None:
            options["externalId"] = external_id
        if redirect is not None:
            options["overrideRedirectUrl"] = redirect
        return options

    def _expect(self, method: str, stage: str) -> _Flow:
        if self._flow is None:
            raise NoActiveInstallFlowError()
        current = self._flow.stage.get("stage", "")
        if current != stage:
            raise WrongStageError(method, current)
        return self._flow

    @staticmethod
    def _scheme(flow: _Flow) -> str:
        account = next(
            (a for a in flow.integration.accountTypes if a.id == flow.account_type), None
        )
        if account is not None:
            return account.scheme
        return (
            "oauth"
            if flow.integration.authenticationType == "oauth"
            else flow.integration.authenticationType
        )

    def _next_stage(self, flow: _Flow) -> Stage:
        spec = flow.integration
        account = next((a for a in spec.accountTypes if a.id == flow.account_type), None)
        if spec.accountTypes and flow.account_type is None:
            return {
                "stage": "accountType",
                "done": False,
                "options": [a.wire() for a in spec.accountTypes],
            }
        if self._needs_instruction(flow) and not flow.instruction_done:
            return self._instruction(flow)
        pre = [i.wire() for i in (account.endUserSuppliedValues if account else ())] or [
            i.wire() for i in spec.authConfigInputs
        ]
        if pre and flow.pre_values is None:
            return {"stage": "preOptions", "done": False, "options": pre}
        if self._scheme(flow) == "oauth" and flow.credential is None:
            return {"stage": "oauth", "done": False}
        skip = account is not None and account.skipPostOAuthInputs
        if (
            spec.postOauthInputs
            and not skip
            and flow.credential is not None
            and flow.credential.get("status") == "PENDING"
        ):
            return {
                "stage": "postOptions",
                "done": False,
                "options": [i.wire() for i in spec.postOauthInputs],
            }
        return {"stage": "done", "done": True}

    @staticmethod
    def _needs_instruction(flow: _Flow) -> bool:
        url = flow.integration.packageInstallUrl
        if (
            flow.integration.type != "salesforce"
            or not url
            or flow.account_type == "user-configured-oauth"
        ):
            return False
        return urlparse(url).hostname in SALESFORCE_PACKAGE_HOSTS

    @staticmethod
    def _instruction(flow: _Flow) -> Stage:
        url = flow.integration.packageInstallUrl or ""
        if flow.account_type == "sandbox":
            url = url.replace("login.salesforce.com", "test.salesforce.com")
        return {
            "stage": "instruction",
            "done": False,
            "content": "Install the managed package in your Salesforce org, then continue.",
            "ctas": [
                {"type": "link", "label": "Install package", "href": url},
                {"type": "copyButton", "label": "Copy link", "copyText": url},
            ],
            "finish": {"type": "finishButton", "label": "I have installed the package"},
            "packageInstallUrl": url,
        }

    def _advance(self) -> Stage | None:
        flow = self._flow
        assert flow is not None
        while True:
            flow.stage = self._next_stage(flow)
            self._emit("next", flow.stage)
            if flow.stage["stage"] != "oauth":
                break
            try:
                flow.credential = self._oauth(flow)
            except InstallFlowError as error:
                return self._fail(error, "oauth")
        if flow.stage["stage"] == "done":
            event = self._install_event(flow)
            self.events.emit("onIntegrationInstall", event)
            self._emit("complete", event)
        return flow.stage

    def _oauth(self, flow: _Flow) -> dict[str, Any]:
        """The popup flow: E16, E17 polling, E11 unless VALID, then E18."""
        import json
        import secrets

        key = secrets.token_hex(8)
        account = next(
            (a for a in flow.integration.accountTypes if a.id == flow.account_type), None
        )
        query = {
            "action": flow.integration.type,
            "integrationId": flow.integration.id,
            "oauthMetaKeyId": key,
            "endUserSuppliedValues": json.dumps(flow.pre_values or {}),
            "parameters": json.dumps([dict(p) for p in getattr(account, "oauthParameters", ())]),
            "installOptions": json.dumps(flow.options),
            "isPreviewMode": "false",
            "userToken": self._token,
            "originForPostMessage": "https://app.example.com",
        }
        previous = self._admin("GET", "oauth/outcome")["outcome"]
        wanted = "granted" if flow.outcome == "granted" else "pending"
        self._admin("POST", "seed", {"oauthOutcome": wanted})
        try:
            built = self._client.get(
                f"{self._root}/v2/projects/{self.project.id}/sdk/actions/build-oauth",
                params=query,
            )
        finally:
            self._admin("POST", "seed", {"oauthOutcome": previous})
        if built.status_code >= 400:
            raise UnknownError(self._message(built))
        try:
            if flow.outcome == "popup_blocked":
                raise OAuthBlockedError()
            if flow.outcome == "denied":
                raise UnknownError("access_denied: The user denied the authorization request.")
            if flow.outcome == "provider_error":
                raise UnknownError(
                    f"{flow.integration.name} returned an error during authorization."
                )
            polled = self._client.get(f"/sdk/actions/session-id/{key}")
            if polled.status_code != 200 or "connectCredentialId" not in polled.json():
                raise OAuthTimeoutError()
            credential_id = polled.json()["connectCredentialId"]
            fetched = self._client.get(f"/sdk/credentials/{credential_id}")
            if fetched.status_code >= 400:
                raise UnknownError(self._message(fetched))
            return dict(fetched.json())
        finally:
            self._client.delete(f"/sdk/actions/session-id/{key}")

    def _install_event(self, flow: _Flow) -> dict[str, Any]:
        credential = flow.credential or {}
        event: dict[str, Any] = {
            "integrationId": flow.integration.id,
            "integrationType": flow.integration.type,
        }
        if credential:
            event.update(credentialId=credential["id"], credential=credential)
        return event

    def _emit(self, name: str, payload: Any) -> None:
        callback = self._callbacks.get(name)
        if callback is not None:
            callback(payload)

    def _fail(self, error: InstallFlowError, stage: str | None) -> Stage | None:
        callback = self._callbacks.get("error")
        if callback is None:
            raise error
        callback(error, None if stage is None else {"stage": stage})
        return None

    @staticmethod
    def _message(response: httpx.Response) -> str:
        try:
            body = response.json()
        except ValueError:
            return response.text
        return str(body.get("message", body)) if isinstance(body, dict) else str(body)
