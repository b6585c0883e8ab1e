"""Every sentence the agent says, in Spanish, English and Portuguese.

Written as a receptionist would write on WhatsApp: short, warm, one question at a time.
Fields in braces are filled with values already formatted for the language (prices and
dates come from the PMS through `replies.formatting`).
"""

from __future__ import annotations

from agente_hotel.domain import Language

CATALOG: dict[str, dict[Language, str]] = {
    # Quoting
    "ask_dates": {
        "es": "¿Para qué fechas sería? Dime el día de llegada y el de salida.",
        "en": "Which dates would you like? Tell me your arrival and departure days.",
        "pt": "Para que datas seria? Indique o dia de chegada e o de saída.",
    },
    "ask_check_out": {
        "es": "¿Y qué día os marcharíais (o cuántas noches)?",
        "en": "And which day would you leave (or how many nights)?",
        "pt": "E em que dia sairiam (ou quantas noites)?",
    },
    "ask_occupancy": {
        "es": "¿Cuántas personas seríais? Dime adultos y niños, si los hay.",
        "en": "How many guests will there be? Adults, and children if any.",
        "pt": "Quantas pessoas seriam? Indique adultos e crianças, se houver.",
    },
    "quote_intro": {
        "es": "Tengo disponible {range} ({nights}, {party}):",
        "en": "For {range} ({nights}, {party}) I have:",
        "pt": "Tenho disponível {range} ({nights}, {party}):",
    },
    "overview_intro": {
        "es": "Tengo libre {range} ({nights}):",
        "en": "For {range} ({nights}) I have free:",
        "pt": "Tenho livre {range} ({nights}):",
    },
    "overview_line": {
        "es": "{room} (hasta {limit}): {nightly} por noche, {total} en total",
        "en": "{room} (up to {limit}): {nightly} per night, {total} in total",
        "pt": "{room} (até {limit}): {nightly} por noite, {total} no total",
    },
    "quote_line": {
        "es": "{room}: {nightly} por noche, {total} en total",
        "en": "{room}: {nightly} per night, {total} in total",
        "pt": "{room}: {nightly} por noite, {total} no total",
    },
    "quote_rooms_line": {
        "es": "{rooms} × {room}: {total} en total",
        "en": "{rooms} × {room}: {total} in total",
        "pt": "{rooms} × {room}: {total} no total",
    },
    "nightly_range": {
        "es": "de {low} a {high}",
        "en": "{low} to {high}",
        "pt": "de {low} a {high}",
    },
    "quote_one": {
        "es": "¡Sí! Tengo {room} libre {range} ({nights}, {party}): {nightly} por noche, "
        "{total} en total.",
        "en": "Yes! The {room} is free {range} ({nights}, {party}): {nightly} per night, "
        "{total} in total.",
        "pt": "Sim! Tenho {room} livre {range} ({nights}, {party}): {nightly} por noite, "
        "{total} no total.",
    },
    "assumed_occupancy": {
        "es": "(Te lo calculo para {party}; dime si sois más.)",
        "en": "(That is for {party}; tell me if there are more of you.)",
        "pt": "(O preço é para {party}; diga-me se forem mais.)",
    },
    "offer_book_one": {
        "es": "¿Te la reservo? Solo necesito tu nombre completo y tu e-mail.",
        "en": "Shall I book it for you? I just need your full name and e-mail.",
        "pt": "Quer que reserve? Só preciso do seu nome completo e do seu e-mail.",
    },
    "offer_book_known": {
        "es": "¿Te la reservo a nombre de {name} ({email})?",
        "en": "Shall I book it for you under {name} ({email})?",
        "pt": "Quer que faça a reserva em nome de {name} ({email})?",
    },
    "offer_choose": {
        "es": "¿Cuál prefieres? Para reservar, dime también tu nombre completo y tu e-mail.",
        "en": "Which one would you like? To book, send me your full name and e-mail too.",
        "pt": "Qual prefere? Para reservar, indique também o seu nome completo e e-mail.",
    },
    "type_unavailable": {
        "es": "Lo siento, no me queda {room} libre {range}.",
        "en": "Sorry, the {room} is not available {range}.",
        "pt": "Lamento, não tenho {room} livre {range}.",
    },
    "type_too_small": {
        "es": "{room}: es para {limit} como máximo, así que para {party} no vale.",
        "en": "The {room} takes {limit} at most, so it won't do for {party}.",
        "pt": "{room}: é para {limit} no máximo, por isso não serve para {party}.",
    },
    "alternatives_intro": {
        "es": "Estas opciones sí están libres:",
        "en": "These are available instead:",
        "pt": "Estas opções estão livres:",
    },
    "nothing_available": {
        "es": "Lo siento, no me queda ninguna habitación para {party} {range}.",
        "en": "I'm sorry, I have no room left for {party} {range}.",
        "pt": "Lamento, não tenho nenhum quarto livre para {party} {range}.",
    },
    "nearby_intro": {
        "es": "Con fechas cercanas sí tengo sitio:",
        "en": "With nearby dates I do have room:",
        "pt": "Com datas próximas tenho disponibilidade:",
    },
    "nearby_line": {
        "es": "{range}: {room}, {total} en total",
        "en": "{range}: {room}, {total} in total",
        "pt": "{range}: {room}, {total} no total",
    },
    "try_other_dates": {
        "es": "¿Quieres que mire otras fechas?",
        "en": "Would you like me to check other dates?",
        "pt": "Quer que veja outras datas?",
    },
    "group_intro": {
        "es": "No tengo una sola habitación para {party}: la más grande es para {limit}. "
        "Os podéis repartir en varias habitaciones:",
        "en": "No single room takes {party}: the largest is for {limit}. "
        "You could split into several rooms:",
        "pt": "Não tenho um só quarto para {party}: o maior é para {limit}. "
        "Podem dividir-se por vários quartos:",
    },
    "group_ask": {
        "es": "¿Te encaja alguna? Si preferís otra combinación, dímela.",
        "en": "Does one of these suit you? If you prefer another combination, just tell me.",
        "pt": "Alguma serve? Se preferirem outra combinação, diga-me.",
    },
    # Stay rules
    "rule_past": {
        "es": "Esas fechas ya han pasado (hoy es {today}). ¿Para qué fechas lo querías?",
        "en": "Those dates are in the past (today is {today}). Which dates did you mean?",
        "pt": "Essas datas já passaram (hoje é {today}). Para que datas queria?",
    },
    "rule_order": {
        "es": "La salida ({check_out}) no puede ser antes de la llegada ({check_in}). "
        "¿Me confirmas el día de entrada y el de salida?",
        "en": "The departure ({check_out}) can't be before the arrival ({check_in}). "
        "Could you confirm your arrival and departure days?",
        "pt": "A saída ({check_out}) não pode ser antes da chegada ({check_in}). "
        "Pode confirmar o dia de entrada e o de saída?",
    },
    "rule_max_nights": {
        "es": "Lo siento, la estancia máxima es de {max_nights} noches y me pides {nights}. "
        "¿Quieres que mire una estancia de hasta {max_nights} noches?",
        "en": "Sorry, the longest stay we take is {max_nights} nights and that would be "
        "{nights}. Shall I check a stay of up to {max_nights} nights?",
        "pt": "Lamento, a estadia máxima é de {max_nights} noites e pede {nights}. "
        "Quer que veja uma estadia de até {max_nights} noites?",
    },
    "rule_min_stay": {
        "es": "Para esas fechas la estancia mínima es de {min_nights} noches (incluye la noche "
        "del {night}). ¿Quieres alargarla?",
        "en": "For those dates the minimum stay is {min_nights} nights (it includes the night "
        "of {night}). Would you like to extend it?",
        "pt": "Para essas datas a estadia mínima é de {min_nights} noites (inclui a noite de "
        "{night}). Quer prolongá-la?",
    },
    "rule_min_nights": {
        "es": "Lo siento, para esa habitación la estancia mínima es de {min_nights} noches. "
        "¿Quieres alargarla?",
        "en": "Sorry, that room is booked for at least {min_nights} nights. Would you like "
        "to extend your stay?",
        "pt": "Lamento, esse quarto é reservado por um mínimo de {min_nights} noites. Quer "
        "prolongar a estadia?",
    },
    "rule_max_date": {
        "es": "De momento solo aceptamos reservas con salida hasta el {max_date}. "
        "¿Te viene bien otra fecha?",
        "en": "For now we take bookings with departure up to {max_date}. Would other dates "
        "suit you?",
        "pt": "De momento só aceitamos reservas com saída até {max_date}. Outras datas servem-lhe?",
    },
    "media_unsupported": {
        "es": "Lo siento, por aquí no puedo abrir audios, fotos ni archivos. ¿Me lo escribes "
        "en un mensaje?",
        "en": "Sorry, I can't open voice notes, photos or files here. Could you write it "
        "in a message?",
        "pt": "Lamento, por aqui não consigo abrir áudios, fotos nem ficheiros. Pode "
        "escrever-me numa mensagem?",
    },
    # Booking
    "chosen_room": {
        "es": "Has elegido {room}: {total} en total.",
        "en": "You've chosen the {room}: {total} in total.",
        "pt": "Escolheu {room}: {total} no total.",
    },
    "ask_room_choice": {
        "es": "¿Qué habitación prefieres?",
        "en": "Which room would you like?",
        "pt": "Que quarto prefere?",
    },
    "ask_name_email": {
        "es": "Perfecto. Para hacer la reserva necesito tu nombre completo y tu e-mail.",
        "en": "Great. To make the booking I need your full name and e-mail address.",
        "pt": "Perfeito. Para fazer a reserva preciso do seu nome completo e e-mail.",
    },
    "ask_name": {
        "es": "¿A nombre de quién hago la reserva? (nombre y apellidos)",
        "en": "Whose name should the booking be under? (first and last name)",
        "pt": "Em nome de quem faço a reserva? (nome e apelido)",
    },
    "ask_email": {
        "es": "¿Y un e-mail de contacto para la reserva?",
        "en": "And an e-mail address for the booking?",
        "pt": "E um e-mail de contacto para a reserva?",
    },
    "summary": {
        "es": "Te resumo la reserva:\n• {room}\n• {range} ({nights})\n• {party}\n"
        "• Total: {total}\n• A nombre de {name} ({email})\n¿Confirmo la reserva?",
        "en": "Here is your booking:\n• {room}\n• {range} ({nights})\n• {party}\n"
        "• Total: {total}\n• Name: {name} ({email})\nShall I confirm the booking?",
        "pt": "Resumo da reserva:\n• {room}\n• {range} ({nights})\n• {party}\n"
        "• Total: {total}\n• Em nome de {name} ({email})\nPosso confirmar a reserva?",
    },
    "booked": {
        "es": "¡Reserva confirmada! Tu referencia es {reference}: {room}, {range}. "
        "Total: {total}, se paga en el hotel. ¡Os esperamos!",
        "en": "Your booking is confirmed! Your reference is {reference}: {room}, {range}. "
        "Total: {total}, paid at the hotel. We look forward to seeing you!",
        "pt": "Reserva confirmada! A sua referência é {reference}: {room}, {range}. "
        "Total: {total}, pago no hotel. Esperamos por si!",
    },
    "booking_declined": {
        "es": "De acuerdo, no reservo nada. Si quieres otras fechas u otra habitación, dímelo.",
        "en": "No problem, I won't book anything. If you'd like other dates or another room, "
        "just tell me.",
        "pt": "Com certeza, não reservo nada. Se quiser outras datas ou outro quarto, diga-me.",
    },
    "room_just_taken": {
        "es": "Vaya, ya no queda {room} libre para esas fechas: se acaba de ocupar y no he "
        "podido reservarla.",
        "en": "I'm sorry, the {room} has just been taken for those dates, so I couldn't book it.",
        "pt": "Lamento, já não há {room} livre nessas datas: acabou de ser reservado.",
    },
    # Existing bookings
    "need_reference": {
        "es": "Para localizar tu reserva necesito la referencia y el e-mail con el que la hiciste.",
        "en": "To find your booking I need its reference and the e-mail it was made with.",
        "pt": "Para encontrar a sua reserva preciso da referência e do e-mail com que a fez.",
    },
    "need_email_for_reference": {
        "es": "Para proteger tus datos, dime el e-mail con el que se hizo la reserva {reference}.",
        "en": "To protect your data, please tell me the e-mail the booking {reference} was "
        "made with.",
        "pt": "Para proteger os seus dados, indique o e-mail com que a reserva {reference} "
        "foi feita.",
    },
    "identity_mismatch": {
        "es": "Lo siento, esos datos no coinciden con la reserva, así que no puedo consultarla "
        "ni cambiarla por aquí. Si quieres, te paso con recepción.",
        "en": "I'm sorry, those details don't match the booking, so I can't show or change it "
        "here. I can put you through to reception if you like.",
        "pt": "Lamento, esses dados não coincidem com a reserva, por isso não a posso consultar "
        "nem alterar por aqui. Se quiser, passo-o à receção.",
    },
    "no_bookings": {
        "es": "No encuentro ninguna reserva activa con tus datos. Si tienes la referencia, "
        "dímela junto con el e-mail con el que reservaste.",
        "en": "I can't find an active booking with your details. If you have the reference, "
        "send it with the e-mail you booked with.",
        "pt": "Não encontro nenhuma reserva ativa com os seus dados. Se tiver a referência, "
        "indique-a com o e-mail com que reservou.",
    },
    "which_booking": {
        "es": "Tienes varias reservas. ¿Cuál de ellas?",
        "en": "You have several bookings. Which one do you mean?",
        "pt": "Tem várias reservas. Qual delas?",
    },
    "booking_line": {
        "es": "{reference}: {room}, {range} ({nights}), {party}",
        "en": "{reference}: {room}, {range} ({nights}), {party}",
        "pt": "{reference}: {room}, {range} ({nights}), {party}",
    },
    "booking_details": {
        "es": "Tu reserva {reference}: {room}, {range} ({nights}), {party}.",
        "en": "Your booking {reference}: {room}, {range} ({nights}), {party}.",
        "pt": "A sua reserva {reference}: {room}, {range} ({nights}), {party}.",
    },
    "booking_total": {
        "es": "Total: {total}.",
        "en": "Total: {total}.",
        "pt": "Total: {total}.",
    },
    "anything_else": {
        "es": "¿Te ayudo con algo más?",
        "en": "Can I help with anything else?",
        "pt": "Posso ajudar em mais alguma coisa?",
    },
    "cancel_free": {
        "es": "Puedes cancelar la reserva {reference} ({room}, {range}) sin ningún coste: la "
        "cancelación es gratuita hasta el {free_until}. ¿Confirmas que la cancelo?",
        "en": "You can cancel booking {reference} ({room}, {range}) free of charge: "
        "cancellation is free until {free_until}. Do you confirm you want me to cancel it?",
        "pt": "Pode cancelar a reserva {reference} ({room}, {range}) sem qualquer custo: o "
        "cancelamento é gratuito até {free_until}. Confirma que a cancelo?",
    },
    "cancel_penalty": {
        "es": "La cancelación gratuita terminó el {free_until}, así que cancelar ahora la "
        "reserva {reference} ({room}, {range}) tiene un cargo de {penalty}. "
        "¿Quieres que la cancele igualmente?",
        "en": "Free cancellation ended on {free_until}, so cancelling booking {reference} "
        "({room}, {range}) now costs {penalty}. Do you still want me to cancel it?",
        "pt": "O cancelamento gratuito terminou a {free_until}, por isso cancelar agora a "
        "reserva {reference} ({room}, {range}) tem um custo de {penalty}. "
        "Quer que a cancele na mesma?",
    },
    "cancel_terms_free": {
        "es": "Tu reserva {reference} ({room}, {range}) se puede cancelar gratis hasta el "
        "{free_until}; a partir de entonces se cobraría la primera noche.",
        "en": "Your booking {reference} ({room}, {range}) can be cancelled free of charge until "
        "{free_until}; after that the first night is charged.",
        "pt": "A sua reserva {reference} ({room}, {range}) pode ser cancelada grátis até "
        "{free_until}; depois disso cobra-se a primeira noite.",
    },
    "cancel_terms_penalty": {
        "es": "La cancelación gratuita de tu reserva {reference} ({room}, {range}) terminó el "
        "{free_until}: si la cancelas ahora, el cargo es de {penalty} (la primera noche).",
        "en": "Free cancellation of your booking {reference} ({room}, {range}) ended on "
        "{free_until}: cancelling it now would cost {penalty} (the first night).",
        "pt": "O cancelamento gratuito da sua reserva {reference} ({room}, {range}) terminou a "
        "{free_until}: se a cancelar agora, o custo é de {penalty} (a primeira noite).",
    },
    "cancelled": {
        "es": "Hecho: la reserva {reference} queda cancelada.",
        "en": "Done: booking {reference} is cancelled.",
        "pt": "Feito: a reserva {reference} foi cancelada.",
    },
    "cancelled_penalty": {
        "es": "Se aplicará el cargo de {penalty}.",
        "en": "The {penalty} charge will apply.",
        "pt": "Será aplicado o custo de {penalty}.",
    },
    "kept": {
        "es": "De acuerdo, mantengo tu reserva {reference} tal como está.",
        "en": "Of course, I'll keep your booking {reference} as it is.",
        "pt": "Com certeza, mantenho a sua reserva {reference} tal como está.",
    },
    "ask_change": {
        "es": "¿Qué quieres cambiar de la reserva {reference}? Dime las nuevas fechas o el "
        "número de personas.",
        "en": "What would you like to change in booking {reference}? Tell me the new dates "
        "or number of guests.",
        "pt": "O que quer alterar na reserva {reference}? Indique as novas datas ou o número "
        "de pessoas.",
    },
    "change_quote": {
        "es": "Puedo cambiar la reserva {reference} a: {room}, {range} ({nights}), {party}. "
        "El nuevo total sería {total}. ¿Confirmas el cambio?",
        "en": "I can change booking {reference} to: {room}, {range} ({nights}), {party}. "
        "The new total would be {total}. Do you confirm the change?",
        "pt": "Posso alterar a reserva {reference} para: {room}, {range} ({nights}), {party}. "
        "O novo total seria {total}. Confirma a alteração?",
    },
    "change_unavailable": {
        "es": "Lo siento, no hay {room} libre {range}, así que no puedo mover la reserva "
        "a esas fechas. ¿Probamos con otras?",
        "en": "Sorry, the {room} isn't free {range}, so I can't move the booking to those "
        "dates. Shall we try others?",
        "pt": "Lamento, não há {room} livre {range}, por isso não posso mudar a reserva "
        "para essas datas. Tentamos outras?",
    },
    "modified": {
        "es": "Listo, reserva {reference} cambiada: {room}, {range} ({nights}), {party}. "
        "Nuevo total: {total}.",
        "en": "Done, booking {reference} is changed: {room}, {range} ({nights}), {party}. "
        "New total: {total}.",
        "pt": "Feito, a reserva {reference} foi alterada: {room}, {range} ({nights}), {party}. "
        "Novo total: {total}.",
    },
    # PMS trouble
    "pms_down": {
        "es": "Ahora mismo no puedo consultar la disponibilidad en nuestro sistema. ¿Quieres "
        "que te pase con una persona de recepción, o lo intentamos en unos minutos?",
        "en": "I can't check availability in our system right now. Would you like me to pass "
        "you to a person at reception, or shall we try again in a few minutes?",
        "pt": "Neste momento não consigo consultar a disponibilidade no nosso sistema. Quer "
        "que o passe a uma pessoa da receção, ou tentamos daqui a uns minutos?",
    },
    "pms_down_action": {
        "es": "Nuestro sistema no responde ahora mismo y no he podido completarlo: todavía no "
        "hay nada hecho. Dime «sí» para intentarlo otra vez, o te paso con recepción.",
        "en": "Our system isn't responding right now and I couldn't complete it: nothing has "
        'been done yet. Say "yes" to try again, or I can pass you to reception.',
        "pt": "O nosso sistema não está a responder e não consegui concluir: ainda não foi "
        "feito nada. Diga «sim» para tentar outra vez, ou passo-o à receção.",
    },
    "pms_rejected": {
        "es": "Nuestro sistema no ha aceptado la operación. Te paso con recepción para que lo "
        "revisen.",
        "en": "Our system didn't accept that. I'm passing you to reception so they can look "
        "into it.",
        "pt": "O nosso sistema não aceitou a operação. Vou passá-lo à receção para verificarem.",
    },
    # Conversation
    "greeting": {
        "es": "¡Hola! Soy el asistente del {hotel}. Puedo darte precios y disponibilidad, "
        "gestionar tu reserva y resolver dudas sobre el hotel. ¿En qué te ayudo?",
        "en": "Hello! I'm the {hotel} assistant. I can give you prices and availability, "
        "manage your booking and answer questions about the hotel. How can I help?",
        "pt": "Olá! Sou o assistente do {hotel}. Posso dar-lhe preços e disponibilidade, "
        "gerir a sua reserva e esclarecer dúvidas sobre o hotel. Em que posso ajudar?",
    },
    "thanks": {
        "es": "¡A ti! Si necesitas cualquier otra cosa, aquí estoy.",
        "en": "You're welcome! If you need anything else, I'm here.",
        "pt": "De nada! Se precisar de mais alguma coisa, estou por aqui.",
    },
    "goodbye": {
        "es": "¡Hasta pronto! Un saludo del {hotel}.",
        "en": "Goodbye, and best wishes from the {hotel}!",
        "pt": "Até breve! Cumprimentos do {hotel}.",
    },
    "acknowledge": {
        "es": "¡Perfecto! ¿Te ayudo con algo más?",
        "en": "Great! Is there anything else I can help with?",
        "pt": "Perfeito! Posso ajudar em mais alguma coisa?",
    },
    "not_understood": {
        "es": "Con eso no te puedo ayudar, o quizá no te he entendido bien. Lo mío son los "
        "precios y la disponibilidad, tu reserva (hacerla, consultarla, cambiarla o "
        "cancelarla) y las dudas sobre el hotel. ¿Qué necesitas?",
        "en": "I'm afraid I can't help with that, or maybe I didn't get it. I can help with "
        "prices and availability, your booking (make, check, change or cancel it) and "
        "questions about the hotel. What do you need?",
        "pt": "Com isso não consigo ajudar, ou talvez não tenha percebido bem. Posso ajudar com "
        "preços e disponibilidade, a sua reserva (fazer, consultar, alterar ou cancelar) e "
        "dúvidas sobre o hotel. Do que precisa?",
    },
    "change_by_staff": {
        "es": "Ese cambio de la reserva {reference} lo hace un compañero de recepción. ¿Quieres "
        "que le pase tu petición?",
        "en": "A colleague at reception makes that change to booking {reference}. Would you like "
        "me to pass your request on?",
        "pt": "Essa alteração da reserva {reference} é feita por um colega da receção. Quer que "
        "lhe passe o seu pedido?",
    },
    "faq_unknown": {
        "es": "No tengo esa información a mano. ¿Quieres que le pase tu pregunta a una persona "
        "de recepción?",
        "en": "I don't have that information to hand. Would you like me to pass your question "
        "to a person at reception?",
        "pt": "Não tenho essa informação. Quer que passe a sua pergunta a uma pessoa da receção?",
    },
    "faq_unknown_reception": {
        "es": "Eso no lo tengo a mano; en recepción te lo pueden decir.",
        "en": "I don't have that to hand; reception will be able to tell you.",
        "pt": "Não tenho essa informação; na receção podem dizer-lhe.",
    },
    "smalltalk": {
        "es": "Ahí no te sabría decir, ¡lo mío es el hotel! Si quieres, te miro precios y "
        "disponibilidad o te resuelvo cualquier duda sobre el hotel.",
        "en": "I couldn't tell you, I'm afraid: the hotel is my thing! I can check prices and "
        "availability for you or answer any question about the hotel.",
        "pt": "Isso já não lhe sei dizer, o meu forte é o hotel! Se quiser, vejo preços e "
        "disponibilidade ou esclareço qualquer dúvida sobre o hotel.",
    },
    "handoff_requested": {
        "es": "Claro, te paso con un compañero de recepción. Te responderá por aquí lo antes "
        "posible.",
        "en": "Of course, I'm passing you to a colleague at reception. They will reply here "
        "as soon as possible.",
        "pt": "Claro, vou passá-lo a um colega da receção. Responderá por aqui o mais "
        "rapidamente possível.",
    },
    "handoff_complaint": {
        "es": "Siento mucho lo ocurrido. Paso tu mensaje ahora mismo a un responsable, que te "
        "contestará por aquí lo antes posible.",
        "en": "I'm very sorry about this. I'm passing your message to a manager right now; "
        "they will reply here as soon as possible.",
        "pt": "Lamento muito o sucedido. Vou passar já a sua mensagem a um responsável, que "
        "responderá por aqui o mais rapidamente possível.",
    },
    "handoff_group": {
        "es": "Para reservar varias habitaciones te paso con un compañero de recepción, que "
        "te preparará la reserva de grupo. Te responderá por aquí.",
        "en": "For several rooms I'm passing you to a colleague at reception, who will set up "
        "the group booking. They will reply here.",
        "pt": "Para vários quartos vou passá-lo a um colega da receção, que preparará a "
        "reserva de grupo. Responderá por aqui.",
    },
    "handoff_misunderstood": {
        "es": "Creo que no te estoy entendiendo, así que te paso con un compañero de "
        "recepción. Te responderá por aquí.",
        "en": "I don't think I'm understanding you, so I'm passing you to a colleague at "
        "reception. They will reply here.",
        "pt": "Acho que não o estou a perceber, por isso vou passá-lo a um colega da receção. "
        "Responderá por aqui.",
    },
    "opted_out": {
        "es": "Entendido, no te enviaremos más mensajes. Si vuelves a escribirnos, te "
        "atenderemos encantados.",
        "en": "Understood, we won't send you any more messages. If you write to us again, "
        "we'll be happy to help.",
        "pt": "Entendido, não lhe enviaremos mais mensagens. Se voltar a escrever-nos, "
        "teremos todo o gosto em ajudar.",
    },
    "confirm_reminder": {
        "es": "¿Seguimos con lo que te he propuesto? Dime sí o no.",
        "en": "Shall we go ahead with what I proposed? Just say yes or no.",
        "pt": "Avançamos com o que lhe propus? Diga sim ou não.",
    },
    "confirm_yes_no": {
        "es": "Perdona, no te he entendido. ¿Lo confirmo? Dime sí o no.",
        "en": "Sorry, I didn't get that. Shall I confirm it? Just say yes or no.",
        "pt": "Desculpe, não percebi. Posso confirmar? Diga sim ou não.",
    },
    "no_problem": {
        "es": "De acuerdo. Si necesitas algo más, aquí estoy.",
        "en": "All right. If you need anything else, I'm here.",
        "pt": "Muito bem. Se precisar de mais alguma coisa, estou por aqui.",
    },
    "yes_option": {"es": "Sí, confirmo", "en": "Yes, confirm", "pt": "Sim, confirmo"},
    "no_option": {"es": "No", "en": "No", "pt": "Não"},
    "options_title": {"es": "Ver opciones", "en": "See options", "pt": "Ver opções"},
}
