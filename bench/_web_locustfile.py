"""The locust users of `web_load.py`: a signed-in organiser asking for one page, again and
again, without waiting (BENCH_PATH, BENCH_NAME and the session cookie BENCH_SESSION)."""

import os

from locust import FastHttpUser, constant, task

PATH = os.environ["BENCH_PATH"]
NAME = os.environ["BENCH_NAME"]


class Organiser(FastHttpUser):
    """FastHttpUser (geventhttpclient): a fraction of requests' CPU per request, which on a
    2-core machine is CPU the server gets instead."""

    wait_time = constant(0)

    @task
    def page(self) -> None:
        # A lost session would redirect to the sign-in page: count it as an error.
        with self.client.get(
            PATH,
            name=NAME,
            headers={"Cookie": f"sessionid={os.environ['BENCH_SESSION']}"},
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
