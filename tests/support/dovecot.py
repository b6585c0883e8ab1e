"""A real IMAP server for the tests: Debian's dovecot, on a free 127.0.0.1 port.

The server gets its own configuration, users and maildirs in a temporary folder, runs in
the foreground and is stopped at the end. `add_user` gives each test a mailbox of its own,
so one server serves a whole test session. Mail is put in a mailbox the way a mail server
would, by IMAP APPEND.
"""

from __future__ import annotations

import grp
import imaplib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

START_TIMEOUT_SECONDS = 10.0
PASSWORD = "s3cret-test"

_CONFIG = """\
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = {mechanisms}
auth_failure_delay = 0
first_valid_uid = 0
first_valid_gid = 0
default_internal_user = {internal_user}
default_internal_group = {group}
default_login_user = {login_user}
mail_location = maildir:{root}/mail/%u
mailbox_idle_check_interval = 1 secs
{oauth_passdb}passdb {{
  driver = static
  args = password={password}
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/home/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
"""


@dataclass(frozen=True, slots=True)
class ImapServer:
    """One user's mailbox on the server."""

    host: str
    port: int
    username: str
    password: str

    def append(self, raw: bytes, mailbox: str = "INBOX", *, when: float | None = None) -> None:
        """Deliver one message into the mailbox, unread, as received at `when` (now)."""
        received = imaplib.Time2Internaldate(time.time() if when is None else when)
        with imaplib.IMAP4(self.host, self.port) as imap:
            imap.login(self.username, self.password)
            status, _ = imap.append(mailbox, "", received, raw)
            assert status == "OK"

    def flags(self, mailbox: str = "INBOX") -> list[str]:
        """The flags of every message in the mailbox, in order."""
        with imaplib.IMAP4(self.host, self.port) as imap:
            imap.login(self.username, self.password)
            imap.select(mailbox, readonly=True)
            _, data = imap.fetch("1:*", "(FLAGS)")
            return [item.decode() for item in data if isinstance(item, bytes)]


class Dovecot:
    def __init__(self, root: Path, port: int) -> None:
        self.root = root
        self.port = port
        self._users = 0

    def add_user(self, domain: str = "hotel.test") -> ImapServer:
        """A new user with an empty mailbox (every user name logs in with PASSWORD)."""
        self._users += 1
        return ImapServer("127.0.0.1", self.port, f"reservas{self._users}@{domain}", PASSWORD)


def require_dovecot() -> str:
    """The dovecot binary, or a skip (a failure with AGENTE_TEST_REQUIRE_SERVICES=1)."""
    binary = shutil.which("dovecot", path=os.environ.get("PATH", "") + ":/usr/sbin")
    if binary:
        return binary
    message = "dovecot not installed: apt-get install -y dovecot-imapd to run this test"
    if os.environ.get("AGENTE_TEST_REQUIRE_SERVICES") == "1":
        pytest.fail(message + " (AGENTE_TEST_REQUIRE_SERVICES=1)")
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


_OAUTH_PASSDB = """\
passdb {{
  driver = oauth2
  mechanisms = xoauth2
  args = {root}/oauth2.conf.ext
}}
"""
_OAUTH_SETTINGS = """\
introspection_mode = post
introspection_url = {url}
username_attribute = email
active_attribute = active
active_value = true
"""


@contextmanager
def running_dovecot(*, oauth_introspection_url: str | None = None) -> Iterator[Dovecot]:
    """Dovecot with password logins (any user name, PASSWORD) and, given an RFC 7662
    introspection endpoint, XOAUTH2 logins with the access tokens it says are active."""
    binary = require_dovecot()
    # Its own folder under /tmp: dovecot's unprivileged processes cannot enter pytest's
    # private temporary folders when the tests run as root.
    with tempfile.TemporaryDirectory(prefix="agente-dovecot-") as folder:
        root = Path(folder)
        port = free_port()
        config = _configure(root, port, oauth_introspection_url)
        process = subprocess.Popen(
            [binary, "-F", "-c", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        try:
            _wait_until_listening(port, process, root)
            yield Dovecot(root, port)
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


def _configure(root: Path, port: int, oauth_introspection_url: str | None) -> Path:
    for folder in ("run", "state", "mail", "home"):
        (root / folder).mkdir()
    uid, gid = os.getuid(), os.getgid()
    internal_user = login_user = pwd.getpwuid(uid).pw_name
    if uid == 0:
        # Dovecot runs neither its login processes nor mail access as root: use the users
        # Debian's package creates.
        internal_user, login_user = "dovecot", "dovenull"
        uid, gid = pwd.getpwnam("dovecot").pw_uid, pwd.getpwnam("dovecot").pw_gid
        for folder in ("mail", "home"):
            os.chown(root / folder, uid, gid)
        root.chmod(0o755)
    if oauth_introspection_url:
        (root / "oauth2.conf.ext").write_text(
            _OAUTH_SETTINGS.format(url=oauth_introspection_url), encoding="utf-8"
        )
    config = root / "dovecot.conf"
    config.write_text(
        _CONFIG.format(
            root=root,
            port=port,
            password=PASSWORD,
            mechanisms="plain login xoauth2" if oauth_introspection_url else "plain login",
            oauth_passdb=_OAUTH_PASSDB.format(root=root) if oauth_introspection_url else "",
            uid=uid,
            gid=gid,
            internal_user=internal_user,
            login_user=login_user,
            group=grp.getgrgid(gid).gr_name,
        ),
        encoding="utf-8",
    )
    return config


def _wait_until_listening(port: int, process: subprocess.Popen[bytes], root: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            errors = process.stderr.read().decode() if process.stderr else ""
            log = root / "dovecot.log"
            details = log.read_text() if log.exists() else ""
            raise RuntimeError(f"dovecot exited: {errors}\n{details}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"dovecot did not listen on 127.0.0.1:{port}")
