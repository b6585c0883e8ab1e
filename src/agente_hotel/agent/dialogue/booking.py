"""New bookings: from the first question to the PMS's reference.

The steps, each asked only when missing: dates, party, room, name and e-mail, then a
summary with the PMS's total and an explicit yes. Nothing is booked before that yes;
"confirmed" is said only after the PMS returned a reference.
"""

from __future__ import annotations

import uuid

from agente_hotel import metrics
from agente_hotel.agent.dialogue.conversation import hand_off
from agente_hotel.agent.dialogue.quoting import Quoting
from agente_hotel.agent.dialogue.rules import explain_rule
from agente_hotel.agent.dialogue.slots import merge_request
from agente_hotel.agent.dialogue.turn_context import Turn
from agente_hotel.agent.replies import describe, formatting
from agente_hotel.agent.understanding import Intent
from agente_hotel.domain import (
    Booking,
    BookingRequest,
    Channel,
    GuestContact,
    Occupancy,
    RoomOffer,
    Stay,
)
from agente_hotel.errors import PmsRejected, PmsUnavailable, RoomUnavailable, StayRuleViolation
from agente_hotel.hotel import HotelProfile
from agente_hotel.ports import PMS

# Intents that mean "I want this one", not only "how much is it".
WANTS_TO_BOOK = {Intent.BOOK, Intent.CHOOSE_OPTION, Intent.GIVE_DETAILS, Intent.CONFIRM}


def wants_to_book(turn: Turn, intent: Intent) -> bool:
    """The guest goes for it: says so, or sends their details (not merely signs a question)."""
    u = turn.understanding
    return intent in WANTS_TO_BOOK or (
        intent is not Intent.AVAILABILITY and bool(u.name or u.email)
    )


class BookingFlow:
    def __init__(self, profile: HotelProfile, pms: PMS, quoting: Quoting) -> None:
        self._profile = profile
        self._pms = pms
        self._quoting = quoting

    async def advance(self, turn: Turn, intent: Intent, chosen_room: str | None) -> None:
        """Take what the message adds and ask for the next missing thing, or summarise."""
        state = turn.state
        request = state.request
        shown = list(state.offered)  # rooms whose price the guest has seen for this stay
        room_changed = chosen_room is not None and chosen_room != request.room_type
        changed = merge_request(request, turn.understanding, chosen_room)
        if changed or room_changed:
            state.forget_offer()
        self._fill_identity_from_channel(turn)
        stay, party = request.stay, request.occupancy
        if stay is None:
            turn.say("ask_dates" if request.check_in is None else "ask_check_out")
            state.expecting = "dates"
            return
        assumed = False  # a party guessed from the room type, which the guest may correct
        if party is None:
            if request.room_type is None:
                await self._quoting.overview(turn, stay)
                return
            party = self._usual_party(turn, request.room_type)
            known = turn.room_types.get(request.room_type)
            assumed = known is None or known.max_guests > 1
        wants = wants_to_book(turn, intent)
        group = self._is_group(turn, party)
        # "dos dobles para 4 adultos", "2 individuales": several rooms, which staff book.
        several = request.rooms > 1 and (group or request.room_type is not None)
        if wants and not changed and not assumed and (group or several):
            hand_off(turn, "group")  # the room combinations were shown: staff book them
            return
        if wants and request.room_type is None and len(state.offered) == 1:
            request.room_type = state.offered[0]
        if several and request.room_type is not None:
            try:
                listed = await self._quoting.several_rooms(
                    turn, stay, party, request.room_type, request.rooms
                )
            except PmsUnavailable:
                turn.say("pms_down")
                return
            if listed:
                return
        offer = await self._quoting.quote(turn, stay, party, None if several else request.room_type)
        if offer is None:
            if wants and self._is_group(turn, party):
                hand_off(turn, "group")
            return
        request.adults, request.children = party.adults, party.children
        seen = not changed and offer.room_type.code in shown
        if wants and request.name and request.email and (seen or not assumed):
            # The summary shows the room, dates, party and the PMS's total: it is the quote.
            self._summarise(turn, offer)
            return
        if not seen or not wants:
            self._quote_one(turn, offer, party, assumed=assumed)
        elif len(shown) > 1:  # picked from a list: say which one, with its price
            total = formatting.money(offer.total, offer.currency, turn.language)
            turn.say("chosen_room", room=offer.room_type.name(turn.language), total=total)
        state.offered = [offer.room_type.code]
        state.expecting = "details"
        if request.name and request.email:
            turn.say("offer_book_known", name=request.name, email=request.email)
        elif not wants:
            turn.say("offer_book_one")
        elif not request.name and not request.email:
            turn.say("ask_name_email")
        else:
            turn.say("ask_name" if not request.name else "ask_email")

    def _quote_one(self, turn: Turn, offer: RoomOffer, party: Occupancy, *, assumed: bool) -> None:
        fields = describe.stay_fields(offer.stay, party, turn.language, turn.today)
        turn.say(
            "quote_one",
            room=offer.room_type.name(turn.language),
            nightly=describe.nightly(offer, turn.language),
            total=formatting.money(offer.total, offer.currency, turn.language),
            **fields,
        )
        if assumed:
            turn.say("assumed_occupancy", party=fields["party"])

    def _summarise(self, turn: Turn, offer: RoomOffer) -> None:
        request = turn.state.request
        assert request.stay is not None and request.occupancy is not None
        turn.say(
            "summary",
            room=offer.room_type.name(turn.language),
            total=formatting.money(offer.total, offer.currency, turn.language),
            name=request.name,
            email=request.email,
            **describe.stay_fields(request.stay, request.occupancy, turn.language, turn.today),
        )
        turn.state.pending = "book"
        turn.ask_confirmation()

    async def confirm(self, turn: Turn) -> None:
        """The guest said yes to the summary: book it through the PMS, once."""
        state = turn.state
        request = state.request
        stay, party = request.stay, request.occupancy
        if stay is None or party is None or request.room_type is None:
            state.forget_offer()
            await self.advance(turn, Intent.BOOK, None)
            return
        retry = state.idempotency_key is not None
        state.idempotency_key = state.idempotency_key or uuid.uuid4().hex
        try:
            booking = await self._book(turn, stay, party, request.room_type, retry=retry)
        except PmsUnavailable:
            turn.say("pms_down_action")  # the key stays: a retry finds this attempt
            return
        except RoomUnavailable:
            turn.say("room_just_taken", room=turn.room_name(request.room_type))
            state.forget_offer()
            await self._quoting.quote(turn, stay, party, None)
            return
        except StayRuleViolation as violation:
            state.forget_offer()
            explain_rule(turn, violation)
            return
        except PmsRejected:
            state.forget_offer()
            hand_off(turn, "pms_rejected")
            return
        self._announce(turn, booking)

    async def _book(
        self, turn: Turn, stay: Stay, party: Occupancy, room_type: str, *, retry: bool
    ) -> Booking:
        request = turn.state.request
        key = turn.state.idempotency_key
        assert key is not None
        if retry:
            earlier = await self._pms.find_by_idempotency_key(self._profile.id, key)
            if earlier is not None:
                return earlier
        return await self._pms.create_booking(
            BookingRequest(
                hotel_id=self._profile.id,
                room_type_code=room_type,
                stay=stay,
                occupancy=party,
                guest=GuestContact(name=request.name, email=request.email, phone=request.phone),
                idempotency_key=key,
            )
        )

    def _announce(self, turn: Turn, booking: Booking) -> None:
        metrics.BOOKINGS.labels(action="created").inc()
        turn.events.append({"type": "booking_created", "reference": booking.reference})
        total = (
            formatting.money(booking.total, booking.currency, turn.language)
            if booking.total is not None
            else ""
        )
        turn.say(
            "booked",
            reference=booking.reference,
            room=turn.room_name(booking.room_type_code),
            range=formatting.stay_range(booking.stay, turn.language, today=turn.today),
            total=total,
        )
        state = turn.state
        state.forget_offer()
        state.verified.append(booking.reference)
        state.offered = []
        state.expecting = None
        request = state.request
        request.check_in = request.check_out = request.room_type = None
        request.adults = request.children = None

    def decline(self, turn: Turn) -> None:
        turn.state.forget_offer()
        turn.state.expecting = None
        turn.say("booking_declined")

    def _fill_identity_from_channel(self, turn: Turn) -> None:
        """What the channel already tells: the WhatsApp number, the e-mail sender."""
        request = turn.state.request
        guest = turn.conversation.guest
        channel = turn.conversation.channel
        if channel is Channel.WHATSAPP and guest.phone and not request.phone:
            request.phone = guest.phone
        if channel is Channel.EMAIL and guest.email and not request.email:
            request.email = guest.email
        # An e-mail sender's display name with a surname is a name for the booking (the
        # summary shows it); WhatsApp profile names are often nicknames, so they are asked.
        full_name = guest.name and len(guest.name.split()) >= 2
        if channel is Channel.EMAIL and not request.name and full_name:
            request.name = guest.name

    def _usual_party(self, turn: Turn, room_type: str) -> Occupancy:
        """The party a room type is usually for, when the guest named the room only."""
        known = turn.room_types.get(room_type)
        return Occupancy(adults=min(2, known.max_adults) if known else 2)

    def _is_group(self, turn: Turn, party: Occupancy) -> bool:
        return not any(rt.fits(party) for rt in turn.room_types.values())
