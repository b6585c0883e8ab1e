"""E-mail: guests' mail read over IMAP (IDLE, or polling), replies sent over SMTP.

config = email_config_from_settings(settings)       # None when e-mail is off
poller = EmailPoller(config, inbox, hotel_id)       # await poller.run()
sender = SmtpSender(config)                         # the ChannelSender for Channel.EMAIL
"""

from agente_hotel.channels.email.build import email_config_from_settings
from agente_hotel.channels.email.check import check_mailbox
from agente_hotel.channels.email.config import EmailConfig
from agente_hotel.channels.email.poller import EmailPoller, PollReport
from agente_hotel.channels.email.smtp import SmtpSender

__all__ = [
    "EmailConfig",
    "EmailPoller",
    "PollReport",
    "SmtpSender",
    "check_mailbox",
    "email_config_from_settings",
]
