"""How requests reach the fake: httpx/respx interception, the uvicorn server, the admin API."""
