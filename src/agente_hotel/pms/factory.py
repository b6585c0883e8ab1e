"""Builds the PMS the settings name, behind the resilient wrapper."""

from __future__ import annotations

from redis.asyncio import Redis

from agente_hotel.errors import ConfigurationError
from agente_hotel.hotel import HotelDirectory
from agente_hotel.pms.breaker import CircuitBreaker
from agente_hotel.pms.cache import Cache, MemoryCache, RedisCache
from agente_hotel.pms.mock import load_mock_pms
from agente_hotel.pms.qloapps import QloAppsClient, QloAppsPMS
from agente_hotel.pms.resilient import ResilientPMS
from agente_hotel.pms.shared_breaker import SharedCircuitBreaker
from agente_hotel.ports import PMS, Clock
from agente_hotel.settings import PmsType, Settings, secret


def build_pms(
    settings: Settings, profile_directory: HotelDirectory, clock: Clock, redis: Redis | None = None
) -> ResilientPMS:
    """The configured PMS (mock or QloApps) with cache, breaker, time limits and metrics.

    The cache is in process, or in Redis when a client is given or `REDIS_URL` is set; the
    breaker's openings are shared through Redis when a client is given.
    Close the result with `aclose()`.
    """
    inner = _inner_pms(settings, profile_directory, clock)
    return ResilientPMS(
        inner,
        cache=_cache(settings, redis),
        breaker=_breaker(settings, redis),
        room_types_ttl=settings.pms_cache_room_types_ttl,
        availability_ttl=settings.pms_cache_availability_ttl,
        timeout_seconds=settings.pms_timeout_seconds,
    )


def _qloapps_hotel_ids(settings: Settings, profile_directory: HotelDirectory) -> dict[str, int]:
    """Each of our hotels' QloApps id: its profile's `pms_hotel_id`, or `PMS_HOTEL_ID`
    when the deployment serves a single hotel."""
    profiles = list(profile_directory)
    ids: dict[str, int] = {}
    for profile in profiles:
        if profile.pms_hotel_id is not None:
            ids[profile.id] = profile.pms_hotel_id
        elif len(profiles) == 1:
            ids[profile.id] = settings.pms_hotel_id
        else:
            raise ConfigurationError(
                f"hotel {profile.id!r} has no pms_hotel_id in its hotel.yaml; with several "
                "hotels each one names its QloApps hotel id"
            )
    return ids


def _qloapps_client(settings: Settings) -> QloAppsClient:
    key = secret(settings.pms_api_key)
    if not settings.pms_api_base_url or not key:
        raise ConfigurationError("PMS_TYPE=qloapps needs PMS_API_BASE_URL and PMS_API_KEY")
    return QloAppsClient(
        settings.pms_api_base_url,
        key,
        timeout_seconds=settings.pms_timeout_seconds,
        key_in_query=settings.pms_key_in_query,
    )


def qloapps_pms(settings: Settings, profile_directory: HotelDirectory, clock: Clock) -> QloAppsPMS:
    """The QloApps adapter the settings describe, without the resilient wrapper.

    Raises `ConfigurationError` when QloApps' URL, key or hotel ids are not configured.
    """
    return QloAppsPMS(
        _qloapps_client(settings),
        hotel_ids=_qloapps_hotel_ids(settings, profile_directory),
        profiles={profile.id: profile for profile in profile_directory},
        clock=clock,
        max_days_ahead=settings.pms_max_days_ahead,
    )


def _inner_pms(settings: Settings, profile_directory: HotelDirectory, clock: Clock) -> PMS:
    if settings.pms_type is PmsType.MOCK:
        return load_mock_pms(settings.hotel_dir, profile_directory.default, clock=clock)
    if settings.pms_type is PmsType.QLOAPPS:
        return qloapps_pms(settings, profile_directory, clock)
    raise ConfigurationError(f"unknown PMS_TYPE {settings.pms_type!r}")


def _breaker(settings: Settings, redis: Redis | None) -> CircuitBreaker:
    """Shared by every replica through Redis when there is one."""
    if redis is not None:
        return SharedCircuitBreaker(
            redis,
            failure_threshold=settings.pms_breaker_failure_threshold,
            reset_seconds=settings.pms_breaker_reset_seconds,
        )
    return CircuitBreaker(
        failure_threshold=settings.pms_breaker_failure_threshold,
        reset_seconds=settings.pms_breaker_reset_seconds,
    )


def _cache(settings: Settings, redis: Redis | None) -> Cache:
    if redis is not None:
        return RedisCache(redis)
    if settings.redis_url:
        return RedisCache(Redis.from_url(settings.redis_url), owns=True)
    return MemoryCache()
