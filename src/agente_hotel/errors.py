"""The project's exceptions, named after the domain.

    AgenteError
    ├── ConfigurationError          settings that cannot work
    ├── ChannelError
    │   ├── InvalidSignature        a webhook whose signature is missing or wrong
    │   ├── MalformedPayload        a body that is not what the channel sends
    │   └── DeliveryFailed          the provider refused or could not take a message
    │       ├── DeliveryThrottled   the provider asks us to slow down: retry after a pause
    │       └── PermanentDeliveryFailure   retrying will not help (bad token, blocked user)
    │           ├── OutsideServiceWindow   free text refused: the guest's 24-hour window is closed
    │           └── ChannelAuthError       the channel refused our credentials (expired token)
    ├── PmsError
    │   ├── PmsUnavailable          unreachable, timing out, 5xx, or the breaker is open
    │   ├── PmsAuthError            wrong or inactive key, missing rights
    │   ├── PmsVersionUnsupported   the webservice is not a version we speak
    │   ├── BookingNotFound
    │   ├── RoomUnavailable         no room of that type is free for the stay
    │   ├── StayRuleViolation       minimum/maximum stay, past dates, capacity ...
    │   └── PmsRejected             the PMS refused a request for another reason
    └── OperationsError             an operations command (backup, restore, canary ...) failed

HTTP status codes are chosen only at the API edge.
"""

from __future__ import annotations


class AgenteError(Exception):
    """Base of every error this project raises on purpose."""


class ConfigurationError(AgenteError):
    pass


class ChannelError(AgenteError):
    pass


class InvalidSignature(ChannelError):
    pass


class MalformedPayload(ChannelError):
    pass


class DeliveryFailed(ChannelError):
    """A reply did not (all) go out. `parts_sent`: of a reply sent as several messages,
    how many the guest has received already; the next attempt starts after them."""

    def __init__(
        self,
        message: str,
        *,
        code: int | None = None,
        retry_after: float | None = None,
        parts_sent: int = 0,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.retry_after = retry_after
        self.parts_sent = parts_sent


class DeliveryThrottled(DeliveryFailed):
    """Too many messages (to this guest, or from this number): not a failed attempt."""


class PermanentDeliveryFailure(DeliveryFailed):
    pass


class OutsideServiceWindow(PermanentDeliveryFailure):
    """Only a template may reach this guest until they write again."""


class ChannelAuthError(PermanentDeliveryFailure):
    """Every send will fail until someone renews the credentials: alert, do not retry."""


class PmsError(AgenteError):
    pass


class PmsUnavailable(PmsError):
    pass


class PmsAuthError(PmsError):
    pass


class PmsVersionUnsupported(PmsError):
    pass


class BookingNotFound(PmsError):
    pass


class RoomUnavailable(PmsError):
    pass


class StayRuleViolation(PmsError):
    """A stay the hotel's rules do not allow. `rule` names which, for the agent to explain."""

    def __init__(self, rule: str, message: str, **details: object) -> None:
        super().__init__(message)
        self.rule = rule  # "past", "order", "min_stay", "max_nights", "max_date", "capacity"
        self.details = details


class PmsRejected(PmsError):
    pass


class OperationsError(AgenteError):
    """An operations command could not do its job: a backup, a restore, a canary query."""
