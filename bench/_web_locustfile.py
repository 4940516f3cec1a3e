"""The locust users of `web_load.py`: a signed-in organiser asking for one page, again and
again, without waiting (BENCH_PATH, BENCH_NAME and the session cookie BENCH_SESSION)."""

import os

from locust import HttpUser, constant, task

PATH = os.environ["BENCH_PATH"]
NAME = os.environ["BENCH_NAME"]


class Organiser(HttpUser):
    wait_time = constant(0)

    def on_start(self) -> None:
        self.client.cookies.set("sessionid", os.environ["BENCH_SESSION"])

    @task
    def page(self) -> None:
        # A lost session would redirect to the sign-in page: count it as an error.
        with self.client.get(
            PATH, name=NAME, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
