"""Run the platform as production does, for scripts that talk to it over loopback.

``Platform`` prepares a database (migrate, load_demo, collectstatic), starts gunicorn
processes on their own loopback ports and a task worker (``manage.py db_worker``),
and stops them all again. Used by scripts/scale-out-check and bench/load.py.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).parent / "gunicorn")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(database_url: str, workdir: Path, **extra: str) -> dict[str, str]:
    """Production settings (DEBUG off) on plain loopback HTTP, with a file mail outbox."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "trajectwijzer.settings",
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "TRAJECTWIJZER_VAR": str(workdir),
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        # Every process writes its e-mails to one shared folder.
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(workdir / "mail"),
        "LOG_LEVEL": "ERROR",
        **extra,
    }


class Platform:
    def __init__(self, env: dict[str, str], log_dir: Path) -> None:
        self.env = env
        self.log_dir = log_dir
        self.processes: list[tuple[str, subprocess.Popen]] = []

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [PYTHON, "manage.py", *args], env=self.env, cwd=ROOT, capture_output=True, text=True
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}"
            )
        return result.stdout

    def prepare(self, *, load_demo: bool = True) -> None:
        self.manage("migrate", "--noinput", "-v", "0")
        if load_demo:  # idempotent, but slow on a busy machine
            self.manage("load_demo")
        self.manage("collectstatic", "--noinput", "-v", "0")

    def _start(self, name: str, args: list[str]) -> subprocess.Popen:
        log = (self.log_dir / f"{name}.log").open("w")
        process = subprocess.Popen(
            args, env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT
        )
        self.processes.append((name, process))
        return process

    def start_web(self, name: str, port: int, workers: int = 1) -> str:
        """A gunicorn master with ``workers`` sync workers on 127.0.0.1:``port``."""
        self._start(
            name,
            [
                GUNICORN,
                "trajectwijzer.wsgi",
                *("--bind", f"127.0.0.1:{port}", "--workers", str(workers)),
                *("--timeout", "60", "--log-level", "warning"),
            ],
        )
        base_url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base_url}/healthz", timeout=5).status_code == 200:
                    return base_url
            except httpx.TransportError:
                pass
            self.check_alive()
            time.sleep(0.3)
        raise RuntimeError(f"{name} did not answer /healthz within 90 s")

    def start_worker(self, name: str = "worker") -> None:
        self._start(
            name,
            [
                *(PYTHON, "manage.py", "db_worker", "--no-reload", "--interval", "0.5"),
                *("--no-startup-delay", "--worker-id", name),
            ],
        )

    def check_alive(self) -> None:
        for name, process in self.processes:
            if process.poll() is not None:
                log = (self.log_dir / f"{name}.log").read_text()[-2000:]
                raise RuntimeError(f"{name} exited with {process.returncode}:\n{log}")

    def stop(self) -> None:
        for _name, process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for _name, process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.processes.clear()
