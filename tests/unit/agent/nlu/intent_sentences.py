"""Guest messages with the intent they carry, written as guests write: WhatsApp style,
e-mail style with greetings and signatures, typos and missing accents.

Each row: (text, expecting, intent). `expecting` is what the agent had just asked.
"""

from agente_hotel.agent.understanding import Intent

A, BK, CH = Intent.AVAILABILITY, Intent.BOOK, Intent.CHOOSE_OPTION
GD, CF, DC = Intent.GIVE_DETAILS, Intent.CONFIRM, Intent.DECLINE
LK, MD, CX = Intent.LOOKUP_BOOKING, Intent.MODIFY_BOOKING, Intent.CANCEL_BOOKING
FAQ, HO, CP = Intent.FAQ, Intent.HANDOFF, Intent.COMPLAINT
GR, TH, BY = Intent.GREETING, Intent.THANKS, Intent.GOODBYE
OO, OT, ST = Intent.OPT_OUT, Intent.OTHER, Intent.SMALLTALK

INTENT_SENTENCES: list[tuple[str, str | None, Intent]] = [
    # availability and prices
    ("Hola! ¿Tenéis habitación doble del 10 al 12 de diciembre para 2 personas?", None, A),
    ("buenas, hay algo libre para el puente de diciembre? del 5 al 8, somos 3", None, A),
    ("precio habitacion para dos 20-22 enero", None, A),
    ("cuanto sale una noche el sabado que viene? para 2", None, A),
    ("Tendríais una individual para esta noche?", None, A),
    ("Hi, do you have a room for 2 adults from Jan 8 to Jan 11? How much would it be?", None, A),
    ("any availability for this weekend? 2 adults 1 kid", None, A),
    ("How much is a double room for 3 nights from 5 March?", None, A),
    (
        "Dear Sir or Madam,\n\nWe would like to know your rates for a family room from 2 to 9"
        " August.\n\nKind regards,\nAnna Schmidt",
        None,
        A,
    ),
    ("Olá! Têm quarto familiar de 22 a 25 de fevereiro para 2 adultos e 2 crianças?", None, A),
    ("quanto custa um quarto duplo de 3 a 6 de abril?", None, A),
    ("tem vaga para amanhã? só eu", None, A),
    ("Actually, can we do Feb 8 to Feb 10 instead?", None, A),
    ("Uy, espera, mejor 3 adultos, que se apunta mi hermana.", None, A),
    ("y para el finde siguiente?", None, A),
    # book
    ("Hola, quiero reservar una doble para dos adultos del 3 al 6 de enero", None, BK),
    ("I'd like to book the junior suite from 20 to 22 January", None, BK),
    ("Quero reservar um quarto duplo de 10 a 12 de maio", None, BK),
    ("Nos quedamos con la doble. Los datos: Carmen Ruiz, carmen.ruiz@example.com", None, BK),
    ("Ficamos com o quarto duplo. Nome: Beatriz Costa, email beatriz@example.com", None, BK),
    ("We'll take the family room", None, BK),
    # choose an option
    ("la doble", "option", CH),
    ("2", "option", CH),
    ("the first one", "option", CH),
    ("a segunda opção", None, CH),
    ("opción 3 por favor", None, CH),
    ("the suite please", "option", CH),
    # give details
    ("Great, that works. Mike Johnson, mike.johnson@example.com", None, GD),
    ("mi correo es lucia.gomez@example.com", None, GD),
    ("Carmen Ruiz", "details", GD),
    ("my phone is +44 7700 900123", None, GD),
    ("o meu email é rui@example.pt", None, GD),
    # confirm
    ("Sí, confirmo", "confirmation", CF),
    ("Sí, confirmo", None, CF),
    ("si adelante", "confirmation", CF),
    ("Yes, please book it.", "confirmation", CF),
    ("Yes, confirmed, go ahead.", "confirmation", CF),
    ("yep do it", "confirmation", CF),
    ("ok", "confirmation", CF),
    ("👍", "confirmation", CF),
    ("Sim, pode alterar, confirmo a mudança.", "confirmation", CF),
    ("Sim, confirmo a reserva.", None, CF),
    ("Sí, cancélala por favor.", "confirmation", CF),
    ("Vaya... bueno, qué le vamos a hacer. Sí.", "confirmation", CF),
    ("Anúlala igualmente, por favor.", "confirmation", CF),
    ("Ah ok, that's a shame. Yes.", "confirmation", CF),
    ("Yes, I confirm, cancel it right now please.", "confirmation", CF),
    ("Yes, I confirm the booking.\n\nTom", "confirmation", CF),
    # decline
    ("Uf, entonces no. Mejor la mantengo, no canceles nada.", "confirmation", DC),
    ("Oh, I see. In that case please don't cancel it, we'll keep the booking.", "confirmation", DC),
    ("no gracias", "confirmation", DC),
    ("No, mejor no", "confirmation", DC),
    ("não, obrigado", "confirmation", DC),
    ("nope, forget it", "confirmation", DC),
    ("Lo pensaremos, gracias", "confirmation", DC),
    ("we'll think about it", "confirmation", DC),
    ("não cancele, vou manter a reserva", "confirmation", DC),
    # look up
    ("Hola, soy Ana. ¿Me recuerdas las fechas de mi reserva? No las encuentro.", None, LK),
    ("Hi, could you remind me of the details of my booking?", None, LK),
    ("oye q dia entrabamos? y cuantas noches eran? mi marido no se acuerda", None, LK),
    ("what day do we check in again?", None, LK),
    ("Dá para encurtar a nossa reserva de março numa noite?", None, MD),
    ("what's the status of booking SYM-1003?", None, LK),
    ("tengo una reserva con vosotros, para cuando era?", None, LK),
    ("Pode lembrar-me as datas da minha reserva?", None, LK),
    ("SYM-1001", None, LK),
    ("can you check if my reservation under Smith is confirmed?", None, LK),
    ("¿mi reserva está confirmada?", None, LK),
    # modify
    ("Olá! Posso mudar a minha reserva para 12 a 15 de março?", None, MD),
    ("quiero cambiar las fechas de mi reserva al 20-22 de enero", None, MD),
    ("Can I change my booking to 2 adults and 1 child?", None, MD),
    ("necesito modificar la reserva SYM-1002, seremos 3", None, MD),
    ("I'd like to move my reservation to next weekend", None, MD),
    # cancel
    ("Hola, necesito cancelar mi reserva de diciembre, nos ha surgido un imprevisto.", None, CX),
    ("Buenos días, quiero cancelar la reserva de mañana.", None, CX),
    ("Hello, I'm afraid I need to cancel my booking for tomorrow.", None, CX),
    ("Hi, I want to cancel booking SYM-1002. My email is jsmith@mail.example.", None, CX),
    ("Olá, preciso de cancelar a minha reserva de março.", None, CX),
    ("please cancel my reservation", None, CX),
    ("anulad mi reserva porfa", None, CX),
    # FAQ (including questions about cancelling that do not cancel)
    ("And what is your cancellation policy?", None, FAQ),
    ("Can I cancel for free?", None, FAQ),
    ("hasta cuando puedo cancelar sin pagar?", None, FAQ),
    ("Do you have rooms adapted for wheelchair users?", None, FAQ),
    ("Buenos días, ¿a qué hora es el desayuno y cuánto cuesta?", None, FAQ),
    (
        "Boa tarde,\n\nas crianças pagam estadia? Temos dois filhos de 4 e 9 anos.\n\n"
        "Cumprimentos,\nJoão Ferreira",
        None,
        FAQ,
    ),
    ("Pásame un email y un teléfono de contacto del hotel, porfa", None, FAQ),
    ("Is breakfast included with the junior suite?", None, FAQ),
    ("¿Cuántas personas caben en la familiar?", None, FAQ),
    ("¿Y la piscina está abierta en diciembre?", None, FAQ),
    ("Obrigado. E qual é a morada exata do hotel?\n\nJoão", None, FAQ),
    # handoff and complaints
    ("Quiero hablar con una persona de recepción, por favor.", None, HO),
    ("Quero falar com um funcionário, por favor.", None, HO),
    ("can I speak to a human please", None, HO),
    ("pasadme con alguien de recepcion", None, HO),
    (
        "This is unacceptable!!! I've been charged twice for my last stay and nobody answers"
        " the phone. I want to talk to a manager NOW.",
        None,
        CP,
    ),
    ("Quiero poner una queja, la habitación estaba sucia", None, CP),
    ("Isto é uma vergonha, cobraram-me duas vezes", None, CP),
    # greeting, thanks, goodbye
    ("Hola, buenas tardes", None, GR),
    ("hello there", None, GR),
    ("Oi, boa tarde! Tudo bem?", None, GR),
    ("Bom dia!", None, GR),
    ("¿Hola? ¿Hay alguien?", None, GR),
    ("Hello?? Is anyone there?", None, GR),
    ("Nada, era solo para saludar. ¡Muchas gracias!", None, TH),
    ("Perfecto, gracias!", None, TH),
    ("thanks a lot!", None, TH),
    ("Muito obrigada!", None, TH),
    ("OK, we'll think about it. Thanks!", None, TH),
    ("adiós, hasta luego", None, BY),
    ("bye!", None, BY),
    ("Vale, lo hablo con el grupo y ya os diré.", None, BY),
    ("tchau, até logo", None, BY),
    # opt-out
    ("STOP", None, OO),
    ("baja", None, OO),
    ("Parar", None, OO),
    ("unsubscribe", None, OO),
    ("Please stop sending me messages", None, OO),
    ("Por favor no me mandéis más mensajes", None, OO),
    ("no quiero recibir más whatsapps, gracias", None, OO),
    ("Não quero receber mais mensagens vossas, obrigado", None, OO),
    ("parem de me enviar mensagens", None, OO),
    # complaints in other words
    ("Estou muito insatisfeita com a estadia, o quarto não estava limpo", None, CP),
    ("Me habéis cobrado la habitación dos veces, exijo una explicación", None, CP),
    ("I was overcharged and I'm really disappointed", None, CP),
    ("cobraram-me a garagem duas vezes", None, CP),
    # "confirm" meaning "tell me again"
    ("Olá, pode confirmar-me as datas da reserva de março?", None, LK),
    ("Could you confirm the dates of my booking?", None, LK),
    # farewells that name a day
    ("Genial, muchas gracias. Hasta mañana!", None, TH),
    ("ok, see you tomorrow!", None, BY),
    ("Obrigado, até amanhã!", None, TH),
    # chat that is not about the hotel
    ("hey there! how's the weather in Valencia these days?", None, ST),
    ("¿quién ganó el partido ayer?", None, ST),
    ("¿Qué tal tiempo hace por Valencia estos días?", None, ST),
    ("Fixe! E vocês gostam de futebol?", None, ST),
    ("tell me a joke", None, ST),
    # questions about the hotel that the knowledge base does not answer
    ("¿El hotel tiene gimnasio?", None, FAQ),
    ("las habitaciones tienen aire acondicionado? y hay spa?", None, FAQ),
    ("Is there a restaurant in the hotel for dinner?", None, FAQ),
    ("do you have bathrobes?", None, FAQ),
    ("Têm ginásio? E ar condicionado nos quartos?", None, FAQ),
    ("Há minibar no quarto?", None, FAQ),
    ("¿Hacéis factura a empresa?", None, FAQ),
    ("¿a qué hora abre el restaurante?", None, FAQ),
    # asking for a person in other words
    ("Pode passar-me a um colega?", None, HO),
    ("Necesito que me llame alguien del hotel", None, HO),
    ("Is there a manager I can talk to?", None, HO),
    ("ya no quiero que me escribáis", None, OO),
    # a search without dates yet
    ("¿Hay disponibilidad para Semana Santa?", None, A),
    ("do you have rooms for Christmas?", None, A),
    ("Têm quartos livres?", None, A),
    # not understood at all
    ("asdfgh", None, OT),
    ("qwerty zxcv", None, OT),
    # the cancellation policy asked as a condition is a question, not a cancellation
    ("What happens if we have to cancel?", None, FAQ),
    ("Before I book: if we had to call off the trip, would we get charged?", None, FAQ),
    ("Si al final no podemos ir, ¿cuánto nos cobráis?", None, FAQ),
    ("Y si tuviéramos que anular con poca antelación, ¿nos cobraríais algo?", None, FAQ),
    ("E se tivermos de cancelar, quanto é que pagamos?", None, FAQ),
    ("if we can't make it in the end, do we lose anything?", None, FAQ),
    ("I need to cancel my booking", None, CX),
    ("Si no es molestia, quiero cancelar mi reserva", None, CX),
    ("Hola, me va a ser imposible ir el jueves, ¿podéis anular lo mío?", None, CX),
    ("Could you cancel our reservation please?", None, CX),
    # asking to be called or for a word with someone
    ("Can I have a word with someone at reception please?", None, HO),
    ("¿Me puede llamar alguien de recepción? Es por una factura", None, HO),
    ("Preciso que alguém da receção me ligue, é urgente.", None, HO),
    ("Can you call me back please", None, HO),
    ("Can I call you tomorrow?", None, FAQ),
    ("¿Puedo llamaros por teléfono?", None, FAQ),
    # changing a booking without the word "booking"
    ("Hello, could we downgrade our suite to a regular double room? Same dates.", None, MD),
    ("Nos gustaría quedarnos una noche más, hasta el domingo 13", None, MD),
    ("Dá para ficar mais uma noite?", None, MD),
    # "under my name" after "reserve it" books; it does not look a booking up
    ("Please go ahead and reserve it under my name.", "confirmation", CF),
    ("I have a booking under my name, can you check it?", None, LK),
    # opting out and keeping a booking, in other words
    (
        "Please remove my number from your list, I don't want to receive any more messages.",
        None,
        OO,
    ),
    ("No me escribáis más por aquí, gracias", None, OO),
    ("Deixem de me contactar por aqui, por favor. Obrigado.", None, OO),
    ("Então não, deixe ficar como está. Vamos tentar ir na mesma.", "confirmation", DC),
    # doubting it is a person; a booking's state asked beside a question
    ("Am I talking to a bot?? I'd honestly rather deal with an actual human", None, HO),
    ("¿Estoy hablando con un bot? Prefiero una persona real", None, HO),
    ("Hi, is our booking for January all fine? Also, do you have parking?", None, LK),
    # a change said against the booking itself
    ("¿Podríamos llegar un día antes, el 9?", None, MD),
    ("Quiero cambiar mi doble por la suite, mismas fechas. ¿Cuánto sería?", None, MD),
    ("Afinal temos de sair no dia 7. Pode alterar a reserva?", None, MD),
    ("Olá, dá para ficarmos mais uma noite?", None, MD),
    # something left behind is for staff
    ("I think I left my phone charger in room 204 when we checked out", None, HO),
    ("Creo que me dejé el cargador en la habitación", None, HO),
    ("Esqueci-me do carregador no quarto 12", None, HO),
    ("Necesito que alguien de recepción me haga la factura a nombre de mi empresa", None, HO),
    # more ways to change or look up a booking
    ("Hola! queremos quedarnos dos noches más, se puede?", None, MD),
    ("We'll be three adults after all. Can you adjust the reservation?", None, MD),
    ("hey, how many nights did we book again?", None, LK),
    ("¿Cuántas noches tenemos reservadas?", None, LK),
    ("Hello, can you tell me what I have booked for March?", None, LK),
    ("we need to postpone our December trip - could we do 14-16 January instead?", None, MD),
    ("precisamos de ficar menos uma noite, saímos no domingo dia 7", None, MD),
    ("prefiero hablarlo con una persona, gracias", None, HO),
    ("Hola, ¿me podéis reenviar la confirmación de mi reserva?", None, LK),
    ("Could you send me the confirmation again?", None, LK),
    ("A que horas podemos fazer o check-in no dia 5?", None, FAQ),
    ("what time is check-in on the 10th?", None, FAQ),
    ("ESTO ES UNA VERGÜENZA, llevo una hora esperando y nadie me atiende", None, CP),
    ("Hi, we'll have to cut our stay short by one night. How much will it be?", None, MD),
]
