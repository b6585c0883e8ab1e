"""Can the agent read and answer the hotel's mail? For preflight and `agente` checks."""

from __future__ import annotations

from agente_hotel.channels.email.config import EmailConfig
from agente_hotel.channels.email.imap import ImapSession
from agente_hotel.channels.email.smtp import SmtpSender


async def check_mailbox(config: EmailConfig) -> None:
    """Log in to IMAP (and open the mailbox) and to SMTP; send nothing.

    Raise `ConfigurationError` (credentials refused), `ChannelError` (IMAP unreachable) or
    `DeliveryFailed` (SMTP unreachable or refusing the login).
    """
    async with ImapSession(config):
        pass
    await SmtpSender(config).check()
