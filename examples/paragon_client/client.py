"""A Connect UI backend, an ActionKit agent, Task History and Managed Sync readers, a receiver."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable, Iterable
from typing import Any

import httpx

ZEUS = "https://zeus.useparagon.com"
PROXY = "https://proxy.useparagon.com"
ACTIONKIT = "https://actionkit.useparagon.com"
SYNC = "https://sync.useparagon.com"


class ProviderError(Exception):
    """A provider (through the Proxy API) or a Tool answered an error."""


class ParagonClient:
    """One Connected User's view of Paragon."""

    def __init__(self, project_id: str, token: str, http: httpx.AsyncClient) -> None:
        """Act for the user ``token`` names in ``project_id``."""
        self.project_id = project_id
        self.http = http
        self.headers = {"Authorization": f"Bearer {token}"}

    async def _json(self, method: str, url: str, **kwargs: Any) -> Any:
        response = await self.http.request(method, url, headers=self.headers, **kwargs)
        if response.status_code >= 400:
            raise ProviderError(f"{response.status_code}: {response.text}")
        return response.json()

    def _proxy(self, integration: str, path: str) -> str:
        return f"{PROXY}/projects/{self.project_id}/sdk/proxy/{integration}/{path}"

    # -- Connect UI backend -------------------------------------------------------------------

    async def connected(self) -> list[str]:
        """The integrations the user enabled, sorted."""
        me = await self._json("GET", f"{ZEUS}/projects/{self.project_id}/sdk/me")
        return sorted(name for name, entry in me["integrations"].items() if entry["enabled"])

    async def slack_channels(self) -> list[str]:
        """The names of the user's Slack channels (public and private, not archived)."""
        params = {
            "limit": 200,
            "exclude_archived": "true",
            "types": "public_channel,private_channel",
        }
        reply = await self._json("GET", self._proxy("slack", "conversations.list"), params=params)
        return [channel["name"] for channel in reply["output"]["channels"]]

    async def notify(self, channel: str, text: str) -> str:
        """Post ``text`` to a Slack channel; the message's ``ts``."""
        body = {"channel": channel, "text": text, "unfurl_links": False}
        reply = await self._json("POST", self._proxy("slack", "chat.postMessage"), json=body)
        if not reply["output"].get("ok"):
            raise ProviderError(reply["output"].get("error", "unknown Slack error"))
        return str(reply["output"]["ts"])

    async def contacts_at(self, domain: str) -> list[str]:
        """Emails of the Salesforce contacts at ``domain`` (at most 50)."""
        soql = f"SELECT Id, Email FROM Contact WHERE Email LIKE '%@{domain}' LIMIT 50"
        url = self._proxy("salesforce", "services/data/v59.0/query")
        reply = await self._json("GET", url, params={"q": soql})
        return [record["Email"] for record in reply["output"]["records"]]

    # -- ActionKit agent ----------------------------------------------------------------------

    async def tool_names(self, integrations: Iterable[str]) -> list[str]:
        """The names of the Tools of ``integrations`` (json_schema format)."""
        params = {"format": "json_schema", "integrations": ",".join(integrations)}
        url = f"{ACTIONKIT}/projects/{self.project_id}/tools"
        reply = await self._json("GET", url, params=params)
        return [tool["function"]["name"] for tools in reply["tools"].values() for tool in tools]

    async def run_tool(self, tool: str, parameters: dict[str, Any]) -> Any:
        """Run ``tool``; its output (a Tool error raises :class:`ProviderError`)."""
        url = f"{ACTIONKIT}/projects/{self.project_id}/tools"
        return await self._json("POST", url, json={"tool": tool, "parameters": parameters})

    # -- Task History -------------------------------------------------------------------------

    async def failed_runs(self, api_key: str, workflow_id: str) -> list[str]:
        """Ids of the workflow's failed executions, oldest first (with the project API key)."""
        url = f"{ZEUS}/projects/{self.project_id}/task-history/workflow-executions"
        params = {"workflowId": workflow_id, "status": "FAILED", "sortBy": "ASC"}
        headers = {"Authorization": f"Bearer {api_key}"}
        response = await self.http.get(url, params=params, headers=headers)
        if response.status_code >= 400:
            raise ProviderError(f"{response.status_code}: {response.text}")
        return [execution["id"] for execution in response.json()["workflowExecutions"]]

    # -- Managed Sync -------------------------------------------------------------------------

    async def sync_files(self, integration: str) -> str:
        """Enable the ``files`` Sync of ``integration``; its id."""
        body = {"integration": integration, "pipeline": "files"}
        reply = await self._json("POST", f"{SYNC}/api/syncs", json=body)
        return str(reply["id"])

    async def synced_names(self, sync_id: str, page_size: int = 2) -> list[str]:
        """The names of every record a sync holds, page by page."""
        names: list[str] = []
        params: dict[str, Any] = {"pageSize": page_size}
        while True:
            page = await self._json("GET", f"{SYNC}/api/syncs/{sync_id}/records", params=params)
            names.extend(record["name"] for record in page["data"])
            if page["paging"]["remainingRecords"] == 0:
                return names
            params = {"pageSize": page_size, "cursor": page["paging"]["cursor"]}


# -- webhook receiver (WSGI) ---------------------------------------------------------------------


def make_receiver(secret: str, inbox: list[Any]) -> Callable[..., list[bytes]]:
    """A WSGI app receiving ActionKit trigger events: verify, parse, deduplicate, keep."""
    seen: set[str] = set()

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        expected = "v1=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(environ.get("HTTP_X_PARAGON_SIGNATURE", ""), expected):
            start_response("401 Unauthorized", [])
            return [b"bad signature"]
        try:
            event = json.loads(body)
        except ValueError:
            start_response("400 Bad Request", [])
            return [b"bad json"]
        if event["eventId"] in seen:
            start_response("200 OK", [])
            return [b"duplicate"]
        seen.add(event["eventId"])
        inbox.append(event["payload"])
        start_response("200 OK", [])
        return [b"ok"]

    return app
