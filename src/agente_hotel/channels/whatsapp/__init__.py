"""WhatsApp Cloud API: webhook verification and parsing, reply formatting and sending."""

from agente_hotel.channels.whatsapp.client import WhatsAppClient
from agente_hotel.channels.whatsapp.payload import WebhookBatch, WhatsAppMessage, parse_webhook
from agente_hotel.channels.whatsapp.routes import build_router
from agente_hotel.channels.whatsapp.signature import verify_signature

__all__ = [
    "WebhookBatch",
    "WhatsAppClient",
    "WhatsAppMessage",
    "build_router",
    "parse_webhook",
    "verify_signature",
]
