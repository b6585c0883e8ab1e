"""Quotes: what is free for a stay and a party, at the PMS's prices, and what else to offer.

Every price and availability said here comes from `PMS.availability`. When the chosen
room is not possible the guest hears why and gets alternatives: other room types that
fit, nearby dates, or several rooms for a group.
"""

from __future__ import annotations

import math
from datetime import timedelta

from agente_hotel.agent.dialogue.rules import explain_rule
from agente_hotel.agent.dialogue.turn_context import Turn
from agente_hotel.agent.replies import describe, formatting, numbered
from agente_hotel.domain import Occupancy, ReplyOption, RoomOffer, Stay
from agente_hotel.errors import PmsUnavailable, StayRuleViolation
from agente_hotel.hotel import HotelProfile
from agente_hotel.pms.stay_rules import check_stay
from agente_hotel.ports import PMS

NEARBY_SHIFTS = (1, -1, 2, -2, 3, -3, 7, -7)  # days, nearest first
MAX_NEARBY = 2
MAX_GROUP_OPTIONS = 3


def room_options(turn: Turn, offers: list[RoomOffer]) -> None:
    """Offers as numbered lines and as buttons; remembered for "the second one"."""
    turn.add(numbered([describe.offer_line(o, turn.language) for o in offers]))
    turn.offer(
        [
            ReplyOption(
                id=f"room:{o.room_type.code}",
                title=o.room_type.name(turn.language)[:24],
                description=describe.offer_line(o, turn.language)[:72],
            )
            for o in offers
        ]
    )
    turn.state.offered = [o.room_type.code for o in offers]
    turn.state.expecting = "option"


def group_plans(offers: list[RoomOffer], party: Occupancy) -> list[tuple[int, RoomOffer]]:
    """Fewest rooms of one type that hold the party, per type with enough rooms free."""
    plans = []
    for offer in offers:
        room_type = offer.room_type
        rooms = max(
            math.ceil(party.adults / room_type.max_adults),
            math.ceil(party.guests / room_type.max_guests),
        )
        if offer.available_rooms >= rooms:
            plans.append((rooms, offer))
    return sorted(plans, key=lambda plan: (plan[0] * plan[1].total, plan[0]))[:MAX_GROUP_OPTIONS]


class Quoting:
    def __init__(self, profile: HotelProfile, pms: PMS) -> None:
        self._profile = profile
        self._pms = pms

    async def offers(self, turn: Turn, stay: Stay, party: Occupancy) -> list[RoomOffer] | None:
        """The PMS's offers, or None once the guest has been told why there are none."""
        try:
            check_stay(self._profile, stay, turn.today)
            return await self._pms.availability(self._profile.id, stay, party)
        except StayRuleViolation as violation:
            explain_rule(turn, violation)
        except PmsUnavailable:
            turn.say("pms_down")
        return None

    async def quote(
        self, turn: Turn, stay: Stay, party: Occupancy, room_type: str | None
    ) -> RoomOffer | None:
        """Answer with prices; return the chosen type's offer when it is free and fits."""
        offers = await self.offers(turn, stay, party)
        if offers is None:
            return None
        fitting = [o for o in offers if o.room_type.fits(party)]
        free = sorted((o for o in fitting if o.available), key=lambda o: o.total)
        fields = describe.stay_fields(stay, party, turn.language, turn.today)
        if room_type is not None:
            chosen = next((o for o in offers if o.room_type.code == room_type), None)
            if chosen is not None and chosen in free:
                return chosen
            self._explain_refusal(turn, chosen, party, fields)
            turn.state.request.room_type = None
            if free:
                turn.say("alternatives_intro")
                room_options(turn, free)
                turn.say("offer_choose")
                return None
        elif free:
            turn.say("quote_intro", **fields)
            room_options(turn, free)
            turn.say("offer_choose" if len(free) > 1 else "offer_book_one")
            return None
        if not fitting:
            self._propose_group(turn, offers, party, fields)
            return None
        turn.say("nothing_available", **fields)
        await self._propose_nearby(turn, stay, party)
        return None

    async def several_rooms(
        self, turn: Turn, stay: Stay, party: Occupancy, room_type: str, rooms: int
    ) -> bool:
        """ "2 habitaciones individuales para 2": that many rooms of the type, when they hold
        the party and are free; False (nothing said) otherwise."""
        offers = await self._pms.availability(self._profile.id, stay, party)
        offer = next((o for o in offers if o.room_type.code == room_type), None)
        if offer is None or offer.available_rooms < rooms:
            return False
        kind = offer.room_type
        if rooms * kind.max_adults < party.adults or rooms * kind.max_guests < party.guests:
            return False
        turn.say("quote_intro", **describe.stay_fields(stay, party, turn.language, turn.today))
        turn.add(numbered([describe.offer_line(offer, turn.language, rooms=rooms)]))
        turn.say("group_ask")
        turn.state.offered = []
        return True

    async def overview(self, turn: Turn, stay: Stay) -> None:
        """Free room types with capacity and prices, before the guest said how many they are."""
        offers = await self.offers(turn, stay, Occupancy(adults=1))
        if offers is None:
            return
        free = sorted((o for o in offers if o.available), key=lambda o: o.total)
        if free:
            turn.say(
                "overview_intro",
                range=formatting.stay_range(stay, turn.language, today=turn.today),
                nights=formatting.count(stay.nights, "night", turn.language),
            )
            lines = [
                turn.text(
                    "overview_line",
                    room=o.room_type.name(turn.language),
                    limit=describe.capacity(o.room_type, turn.language),
                    nightly=describe.nightly(o, turn.language),
                    total=formatting.money(o.total, o.currency, turn.language),
                )
                for o in free
            ]
            turn.add(numbered(lines))
        turn.say("ask_occupancy")
        turn.state.expecting = "occupancy"

    def _explain_refusal(
        self, turn: Turn, chosen: RoomOffer | None, party: Occupancy, fields: dict[str, str]
    ) -> None:
        if chosen is None:
            return
        name = chosen.room_type.name(turn.language)
        if not chosen.room_type.fits(party):
            limit = describe.capacity(chosen.room_type, turn.language)
            turn.say("type_too_small", room=name, limit=limit, party=fields["party"])
        else:
            turn.say("type_unavailable", room=name, range=fields["range"])

    def _propose_group(
        self, turn: Turn, offers: list[RoomOffer], party: Occupancy, fields: dict[str, str]
    ) -> None:
        plans = group_plans(offers, party)
        largest = max(offers, key=lambda o: (o.room_type.max_guests, o.room_type.max_adults))
        if not plans:
            turn.say("nothing_available", **fields)
            return
        limit = describe.capacity(largest.room_type, turn.language)
        turn.say("group_intro", party=fields["party"], limit=limit)
        turn.add(numbered([describe.offer_line(o, turn.language, rooms=n) for n, o in plans]))
        turn.say("group_ask")
        turn.state.offered = []

    async def _propose_nearby(self, turn: Turn, stay: Stay, party: Occupancy) -> None:
        """Search shifted stays of the same length; list the cheapest fitting room of each."""
        found: list[str] = []
        for shift in NEARBY_SHIFTS:
            moved = Stay(
                stay.check_in + timedelta(days=shift), stay.check_out + timedelta(days=shift)
            )
            try:
                check_stay(self._profile, moved, turn.today)
                offers = await self._pms.availability(self._profile.id, moved, party)
            except StayRuleViolation:
                continue
            except PmsUnavailable:
                break
            free = [o for o in offers if o.room_type.fits(party) and o.available]
            if free:
                best = min(free, key=lambda o: o.total)
                fields = describe.stay_fields(moved, party, turn.language, turn.today)
                line = turn.text(
                    "nearby_line",
                    range=fields["range"],
                    room=best.room_type.name(turn.language),
                    total=formatting.money(best.total, best.currency, turn.language),
                )
                found.append(line)
            if len(found) == MAX_NEARBY:
                break
        if found:
            turn.say("nearby_intro")
            turn.add(numbered(found))
        turn.say("try_other_dates")
        turn.state.expecting = "dates"
