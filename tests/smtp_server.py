"""A real SMTP server on 127.0.0.1 for the email tests, that they start and stop.

It is a small ``socketserver`` speaking just enough SMTP (EHLO, AUTH PLAIN, MAIL, RCPT, DATA,
RSET, QUIT) and keeping what it receives; it accepts one login, "mailer" with ``PASSWORD``.
"""

from __future__ import annotations

import base64
import email
import email.policy
import socket
import socketserver
import threading
import time
from email.message import EmailMessage as ReceivedEmail

PASSWORD = "s3cret-smtp-password"


class _SmtpHandler(socketserver.StreamRequestHandler):
    server: _SmtpServer

    def handle(self) -> None:
        self._reply("220 test.invalid ESMTP ready")
        recipients: list[str] = []
        while line := self.rfile.readline():
            command = line.decode("utf-8", "replace").rstrip("\r\n")
            verb = command.split(" ", 1)[0].upper()
            if verb == "QUIT":
                self._reply("221 bye")
                return
            if verb == "DATA":
                self._receive(recipients)
                recipients = []
            elif verb == "RCPT":
                recipients.append(command.split(":", 1)[1].strip(" <>"))
                self._reply("250 ok")
            else:
                self._reply(self._answer(verb, command))

    def _answer(self, verb: str, command: str) -> str:
        if verb == "EHLO":
            return "250-test.invalid\r\n250-AUTH PLAIN\r\n250 8BITMIME"
        if verb == "AUTH":
            _, user, password = base64.b64decode(command.split()[-1]).decode().split("\0")
            if (user, password) == ("mailer", PASSWORD):
                return "235 2.7.0 accepted"
            return f"535 5.7.8 {user}/{password} rejected"  # a careless server echoes both
        return "250 ok" if verb in ("HELO", "MAIL", "RSET", "NOOP") else "502 not implemented"

    def _receive(self, recipients: list[str]) -> None:
        self._reply("354 go ahead")
        lines = []
        while (line := self.rfile.readline()) not in (b".\r\n", b""):
            lines.append(line[1:] if line.startswith(b"..") else line)
        time.sleep(self.server.data_delay)
        parsed = email.message_from_bytes(b"".join(lines), policy=email.policy.default)
        with self.server.lock:
            self.server.received.append((recipients, parsed))
        self._reply("250 queued")

    def _reply(self, text: str) -> None:
        self.wfile.write(text.encode() + b"\r\n")


class _SmtpServer(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True

    def __init__(self, port: int, data_delay: float):
        super().__init__(("127.0.0.1", port), _SmtpHandler)
        self.received: list[tuple[list[str], ReceivedEmail]] = []
        self.lock = threading.Lock()
        self.data_delay = data_delay


class MailServer:
    """A local SMTP server on a fixed port that tests start and stop."""

    def __init__(self) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.received: list[tuple[list[str], ReceivedEmail]] = []
        self._server: _SmtpServer | None = None

    def start(self, *, data_delay: float = 0.0) -> None:
        self._server = _SmtpServer(self.port, data_delay)
        self._server.received = self.received
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
