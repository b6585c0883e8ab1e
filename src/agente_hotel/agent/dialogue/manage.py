"""Existing bookings: show, change or cancel them, only for the guest who made them.

A guest is the owner when they write from the booking's phone number (WhatsApp) or
e-mail address (e-mail), or give its reference with the booking's e-mail. Nothing about
a booking is said to anyone else, not even whether the e-mail was close.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from agente_hotel import metrics
from agente_hotel.agent.dialogue.conversation import hand_off
from agente_hotel.agent.dialogue.quoting import Quoting
from agente_hotel.agent.dialogue.rules import explain_rule
from agente_hotel.agent.dialogue.slots import Dates, merge_dates
from agente_hotel.agent.dialogue.state import Change, Task
from agente_hotel.agent.dialogue.turn_context import Turn
from agente_hotel.agent.nlu.text import fold
from agente_hotel.agent.replies import describe, formatting, numbered
from agente_hotel.agent.understanding import Understanding
from agente_hotel.domain import (
    Booking,
    BookingChange,
    BookingStatus,
    CancellationTerms,
    Channel,
    Occupancy,
    ReplyOption,
    RoomOffer,
    Stay,
    phone_digits,
    same_email,
)
from agente_hotel.errors import (
    BookingNotFound,
    PmsRejected,
    PmsUnavailable,
    RoomUnavailable,
    StayRuleViolation,
)
from agente_hotel.hotel import HotelProfile
from agente_hotel.ports import PMS


def _departure_after(u: Understanding, arrival: date) -> Understanding:
    """ "Leaving on the 19th" said in December about a January stay: a new departure alone
    is the first day with that number after the arrival it belongs to."""
    if u.check_in is not None or u.check_out is None or u.check_out > arrival:
        return u
    day = arrival + timedelta(days=1)
    while day.day != u.check_out.day:
        day += timedelta(days=1)
    return replace(u, check_out=day)


# The booking's holder: "cambiar el nombre del titular", "put it under my sister's name".
_HOLDER = re.compile(r"\b(?:nombre|name|nome|titular|holder)\b")


def _relative_dates(u: Understanding, arrival: date, departure: date) -> Dates | None:
    """Dates said against the booking: "una noche más" moves the departure, "llegar un
    día antes" (or "más tarde, el 16") the arrival only, counted from the booking (a bare
    "el 16" is read against today's month); None when the message says neither."""
    extra = int(u.extras.get("extra_nights", 0))
    shift = int(u.extras.get("arrival_shift", 0))
    if extra and u.check_in is None and u.check_out is None:
        moved = departure + timedelta(days=extra)
        return Dates(arrival, moved) if moved > arrival else None
    if shift and u.check_out is None:
        moved = arrival + timedelta(days=shift)
        return Dates(moved, departure) if moved < departure else None
    return None


def _cheapest_fitting(offers: list[RoomOffer], party: Occupancy, rooms: int) -> RoomOffer | None:
    fitting = [o for o in offers if o.room_type.fits(party) and o.available_rooms >= rooms]
    return min(fitting, key=lambda o: o.total, default=None)


class ManageFlow:
    def __init__(self, profile: HotelProfile, pms: PMS, quoting: Quoting) -> None:
        self._profile = profile
        self._pms = pms
        self._quoting = quoting

    async def handle(self, turn: Turn, task: Task) -> None:
        """Find the guest's booking, then show it, price its change or its cancellation."""
        turn.state.task = task
        try:
            booking = await self._booking_in_focus(turn)
            if booking is None:
                return
            turn.state.managing = booking.reference
            if task == "lookup":
                self._show(turn, booking)
            elif task == "cancel":
                await self._offer_cancellation(turn, booking)
            else:
                await self._propose_change(turn, booking)
        except PmsUnavailable:
            turn.say("pms_down")

    # Finding the booking and proving it is the guest's

    def _owns(self, turn: Turn, booking: Booking) -> bool:
        conversation = turn.conversation
        guest = conversation.guest
        if booking.reference in turn.state.verified:
            return True
        phone = phone_digits(guest.phone) if conversation.channel is Channel.WHATSAPP else ""
        if phone and phone == phone_digits(booking.guest.phone):
            return True
        if conversation.channel is Channel.EMAIL and same_email(guest.email, booking.guest.email):
            return True
        return same_email(turn.understanding.email, booking.guest.email)

    async def _booking_in_focus(self, turn: Turn) -> Booking | None:
        state = turn.state
        reference = turn.understanding.reference or state.claimed
        if reference:
            return await self._claimed(turn, reference.strip().upper())
        candidates = await self._own_bookings(turn)
        if state.managing:
            focused = [b for b in candidates if b.reference == state.managing]
            candidates = focused or candidates
        if len(candidates) > 1:
            candidates = self._narrow(turn, candidates)
        if len(candidates) == 1:
            return candidates[0]
        if candidates:
            self._ask_which(turn, candidates)
        elif self._channel_identity(turn) == (None, None):
            turn.say("need_reference")
            state.expecting = "details"
        else:
            turn.say("no_bookings")
            state.expecting = "details"
        return None

    async def _claimed(self, turn: Turn, reference: str) -> Booking | None:
        state = turn.state
        try:
            booking = await self._pms.get_booking(self._profile.id, reference)
        except BookingNotFound:
            booking = None
        if booking is not None and self._owns(turn, booking):
            state.claimed = None
            if reference not in state.verified:
                state.verified.append(reference)
            return booking
        # The same answers whether the reference exists or not: nothing tells a stranger
        # which references are real.
        state.claimed = reference
        if turn.understanding.email:
            turn.offer_person("identity_mismatch")
        else:
            turn.say("need_email_for_reference", reference=reference)
            state.expecting = "details"
        return None

    def _channel_identity(self, turn: Turn) -> tuple[str | None, str | None]:
        conversation = turn.conversation
        phone = conversation.guest.phone if conversation.channel is Channel.WHATSAPP else None
        email = conversation.guest.email if conversation.channel is Channel.EMAIL else None
        return phone, email

    async def _own_bookings(self, turn: Turn) -> list[Booking]:
        """Active bookings of this guest: by the channel's identity and references proven."""
        phone, email = self._channel_identity(turn)
        found: dict[str, Booking] = {}
        if phone or email:
            for booking in await self._pms.find_bookings(
                self._profile.id, phone=phone, email=email
            ):
                found[booking.reference] = booking
        for reference in turn.state.verified:
            if reference not in found:
                try:
                    found[reference] = await self._pms.get_booking(self._profile.id, reference)
                except BookingNotFound:
                    continue
        return [
            b
            for b in found.values()
            if b.status is BookingStatus.CONFIRMED and b.stay.check_out >= turn.today
        ]

    def _narrow(self, turn: Turn, bookings: list[Booking]) -> list[Booking]:
        """Keep the bookings the message's date or month points to ("my March booking")."""
        u = turn.understanding
        day = u.check_in
        if day is not None and turn.state.task != "modify":
            same_month = [
                b
                for b in bookings
                if b.stay.check_in <= day < b.stay.check_out
                or (b.stay.check_in.year, b.stay.check_in.month) == (day.year, day.month)
            ]
            return same_month or bookings
        month = int(u.extras.get("month", 0))  # "la reserva de diciembre"
        return [b for b in bookings if b.stay.check_in.month == month] or bookings

    def _ask_which(self, turn: Turn, bookings: list[Booking]) -> None:
        lines = [self._describe(turn, b, "booking_line") for b in bookings]
        turn.say("which_booking")
        turn.add(numbered(lines))
        turn.offer(
            [
                ReplyOption(id=f"booking:{b.reference}", title=b.reference, description=line[:72])
                for b, line in zip(bookings, lines, strict=True)
            ]
        )
        turn.state.listed = {b.reference: b.stay.check_in.isoformat() for b in bookings}
        turn.state.expecting = "option"

    def _describe(self, turn: Turn, booking: Booking, key: str, **extra: object) -> str:
        room_type = turn.room_types.get(booking.room_type_code)
        fields = describe.booking_fields(booking, room_type, turn.language, turn.today)
        return turn.text(key, **fields, **extra)

    # Showing

    def _show(self, turn: Turn, booking: Booking) -> None:
        details = self._describe(turn, booking, "booking_details")
        if booking.total is not None:
            total = self._money(turn, booking.total, booking.currency)
            details += " " + turn.text("booking_total", total=total)
        turn.add(details)
        turn.say("anything_else")
        turn.state.task = None
        turn.state.expecting = None

    def _money(self, turn: Turn, amount: Decimal, currency: str) -> str:
        return formatting.money(amount, currency, turn.language)

    # Cancelling

    def _free_until(self, turn: Turn, terms: CancellationTerms) -> str:
        local = terms.free_until.astimezone(self._profile.tz)
        return f"{formatting.day(local.date(), turn.language, today=turn.today)}, " + (
            local.strftime("%H:%M")
        )

    async def has_own_booking(self, turn: Turn) -> bool:
        try:
            return bool(await self._own_bookings(turn))
        except PmsUnavailable:
            return False

    async def explain_cancellation(self, turn: Turn) -> bool:
        """ "What if we cancel?" from a guest with one booking: what cancelling it would
        cost, from the PMS. False (nothing said) when no single booking of theirs is known."""
        try:
            bookings = await self._own_bookings(turn)
            if turn.state.managing:
                bookings = [b for b in bookings if b.reference == turn.state.managing] or bookings
            if len(bookings) != 1:
                return False
            booking = bookings[0]
            terms = await self._pms.cancellation_terms(
                self._profile.id, booking.reference, turn.now
            )
        except (PmsUnavailable, BookingNotFound):
            return False
        self._say_terms(turn, booking, terms, prefix="cancel_terms")
        turn.state.managing = booking.reference
        return True

    async def _offer_cancellation(self, turn: Turn, booking: Booking) -> None:
        terms = await self._pms.cancellation_terms(self._profile.id, booking.reference, turn.now)
        self._say_terms(turn, booking, terms, prefix="cancel")
        turn.state.pending = "cancel"
        turn.state.stated_penalty = str(terms.penalty)
        turn.ask_confirmation()

    def _say_terms(
        self, turn: Turn, booking: Booking, terms: CancellationTerms, *, prefix: str
    ) -> None:
        """The booking with what cancelling it costs now: `{prefix}_free` or `{prefix}_penalty`."""
        free_until = self._free_until(turn, terms)
        if terms.free:
            turn.add(self._describe(turn, booking, f"{prefix}_free", free_until=free_until))
            return
        penalty = self._money(turn, terms.penalty, terms.currency)
        turn.add(
            self._describe(
                turn, booking, f"{prefix}_penalty", free_until=free_until, penalty=penalty
            )
        )

    async def confirm_cancellation(self, turn: Turn) -> None:
        state = turn.state
        reference = state.managing
        if reference is None:
            state.forget_offer()
            return
        try:
            terms = await self._pms.cancellation_terms(self._profile.id, reference, turn.now)
            if str(terms.penalty) != state.stated_penalty:
                # The deadline passed since the guest was told: tell the new cost, ask again.
                await self.handle(turn, "cancel")
                return
            cancelled = await self._pms.cancel_booking(self._profile.id, reference)
        except PmsUnavailable:
            turn.say("pms_down_action")
            return
        except (BookingNotFound, PmsRejected):
            state.forget_offer()
            hand_off(turn, "pms_rejected")
            return
        metrics.BOOKINGS.labels(action="cancelled").inc()
        turn.events.append({"type": "booking_cancelled", "reference": cancelled.reference})
        turn.say("cancelled", reference=cancelled.reference)
        if not terms.free:
            turn.say("cancelled_penalty", penalty=self._money(turn, terms.penalty, terms.currency))
        self._done(turn)

    def keep(self, turn: Turn) -> None:
        """The guest decided against the cancellation or change."""
        turn.say("kept", reference=turn.state.managing or "")
        self._done(turn)

    def _done(self, turn: Turn) -> None:
        turn.state.forget_offer()
        turn.state.task = None
        turn.state.expecting = None

    # Changing

    def _new_values(self, turn: Turn, booking: Booking) -> Change | None:
        """The booking as the guest wants it now, or None when they said nothing new."""
        known = turn.state.change or Change()
        arrival = known.check_in or booking.stay.check_in
        departure = known.check_out or booking.stay.check_out
        u = _departure_after(turn.understanding, arrival)
        dates = _relative_dates(u, arrival, departure) or merge_dates(u, arrival, departure)
        change = Change(
            check_in=dates.check_in,
            check_out=dates.check_out,
            adults=u.adults or known.adults or booking.occupancy.adults,
            children=(
                u.children
                if u.children is not None
                else known.children
                if known.children is not None
                else booking.occupancy.children
            ),
            room_type=u.room_type or known.room_type or booking.room_type_code,
        )
        same = (
            change.check_in == booking.stay.check_in
            and change.check_out == booking.stay.check_out
            and change.adults == booking.occupancy.adults
            and change.children == booking.occupancy.children
            and change.room_type == booking.room_type_code
        )
        return None if same or change.check_out is None else change

    async def _propose_change(self, turn: Turn, booking: Booking) -> None:
        state = turn.state
        change = self._new_values(turn, booking)
        if change is None:
            state.change = Change()
            if _HOLDER.search(fold(turn.understanding.text)):
                # Who holds the booking is changed by staff, who check the new guest.
                turn.offer_person("change_by_staff", reference=booking.reference)
                return
            turn.say("ask_change", reference=booking.reference)
            state.expecting = "dates"
            return
        assert change.check_in and change.check_out and change.adults and change.room_type
        stay = Stay(change.check_in, change.check_out)
        party = Occupancy(adults=change.adults, children=change.children or 0)
        offers = await self._quoting.offers(turn, stay, party)
        if offers is None:
            state.change = Change()
            return
        offer = next((o for o in offers if o.room_type.code == change.room_type), None)
        overlaps = stay.check_in < booking.stay.check_out and booking.stay.check_in < stay.check_out
        room = turn.room_name(change.room_type)
        fields = describe.stay_fields(stay, party, turn.language, turn.today)
        if offer is None or not offer.room_type.fits(party):
            limit = describe.capacity(offer.room_type, turn.language) if offer else ""
            turn.say("type_too_small", room=room, limit=limit, party=fields["party"])
            larger = _cheapest_fitting(offers, party, booking.rooms)
            if larger is None or larger.room_type.code == booking.room_type_code:
                state.change = Change()
                turn.say("anything_else")
                return
            # The room type that does fit, on the same terms: one yes changes both.
            offer, change = larger, replace(change, room_type=larger.room_type.code)
            room = turn.room_name(larger.room_type.code)
        # Our own booking holds a room on overlapping nights; the PMS decides those.
        if offer.available_rooms < booking.rooms and not overlaps:
            turn.say("change_unavailable", room=room, range=fields["range"])
            state.change = Change()
            state.expecting = "dates"
            return
        total = self._money(turn, offer.total * booking.rooms, offer.currency)
        turn.say("change_quote", reference=booking.reference, room=room, total=total, **fields)
        state.change = change
        state.pending = "modify"
        turn.ask_confirmation()

    async def confirm_change(self, turn: Turn) -> None:
        state = turn.state
        change, reference = state.change, state.managing
        if change is None or reference is None or not (change.check_in and change.check_out):
            self._done(turn)
            return
        request = BookingChange(
            stay=Stay(change.check_in, change.check_out),
            occupancy=Occupancy(adults=change.adults or 1, children=change.children or 0),
            room_type_code=change.room_type,
        )
        try:
            booking = await self._pms.modify_booking(self._profile.id, reference, request)
        except PmsUnavailable:
            turn.say("pms_down_action")
            return
        except RoomUnavailable:
            room = turn.room_name(change.room_type or "")
            stay_range = formatting.stay_range(request.stay, turn.language, today=turn.today)  # type: ignore[arg-type]
            turn.say("change_unavailable", room=room, range=stay_range)
            state.forget_offer()
            return
        except StayRuleViolation as violation:
            state.forget_offer()
            explain_rule(turn, violation)
            return
        except (BookingNotFound, PmsRejected):
            state.forget_offer()
            hand_off(turn, "pms_rejected")
            return
        metrics.BOOKINGS.labels(action="modified").inc()
        turn.events.append({"type": "booking_modified", "reference": booking.reference})
        total = self._money(turn, booking.total, booking.currency) if booking.total else ""
        turn.add(self._describe(turn, booking, "modified", total=total))
        self._done(turn)
