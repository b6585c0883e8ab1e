"""What the guest wants: hotel-specific rules over folded text, in es/en/pt.

Rules decide the intents that must be exact (confirm, decline, cancel, opt-out, handoff):
a wrong guess there books or cancels something. The dialogue's `expecting` hint settles
short answers ("2" after options, "ok" after a summary).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agente_hotel.agent.nlu.dates import extra_nights
from agente_hotel.agent.understanding import Intent


def _rx(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(alternatives) + r")(?![a-z0-9])")


OPT_OUT = re.compile(
    r"^(?:stop|baja|darme de baja|dame de baja|de baja|parar|para|unsubscribe|opt out|opt-out|"
    r"optout|cancelar suscripcion|sair|pare|cancelar subscricao|no mas mensajes|"
    r"no quiero mas mensajes|nao quero mais mensagens|stop messages|remove me|borrame)$"
)
# Asking, in a sentence, to receive no more messages.
OPT_OUT_SENTENCE = _rx(
    r"stop (?:sending|texting|messaging|writing)(?: me| us)?",
    r"(?:don'?t|do not) (?:send|text|message|write)(?: me| us)? (?:any ?more|again)",
    r"no more (?:messages|texts)", r"unsubscribe me", r"remove me from",
    r"no (?:me |nos )?(?:mand\w+|envi\w+|escrib\w+) (?:mas )?(?:mensajes|whatsapps?)",
    r"no (?:me |nos )?(?:mandeis|envieis|escribais|mandes|envies|escribas|manden|envien|"
    r"escriban|contacteis|contactes|contacten) mas(?! \w)",
    r"no (?:me |nos )?(?:mandeis|envieis|escribais|mandes|envies|escribas|manden|envien|"
    r"escriban|contacteis|contactes|contacten) mas (?:por (?:aqui|whatsapp|este|email|correo)|"
    r"mensajes|whatsapps?)",
    r"remove (?:me|my (?:number|phone|email|e-mail|contact|details))",
    r"(?:don'?t|do not) want (?:to (?:receive|get) )?(?:any ?more|more|further) "
    r"(?:messages|texts|whatsapps?|emails|e-mails)",
    r"(?:dejad|dejen|deja|deje) de (?:contactar\w*|escribir\w*)",
    r"(?:parem|deixem|pare|deixe) de (?:me )?(?:contactar|mandar|enviar|escrever|incomodar)",
    r"nao (?:me )?(?:contactem|contacte) mais",
    r"no quiero recibir (?:mas )?(?:mensajes|whatsapps?|nada)",
    r"no quiero que (?:me |nos )?(?:escrib|mand|envi|contact)\w*",
    r"dejad de (?:mandar|enviar|escribir)\w*", r"deja de (?:mandar|enviar|escribir)\w*",
    r"nao (?:me )?(?:mandem|enviem|escrevam) mais", r"nao quero receber (?:mais )?mensagens",
    r"parem de (?:me )?(?:mandar|enviar|escrever)", r"deixem de (?:me )?(?:mandar|enviar)",
)  # fmt: skip
COMPLAINT = _rx(
    r"unacceptable", r"inaceptable", r"inaceitavel", r"vergonzos\w*", r"vergonha",
    r"disgrace\w*", r"disgusting", r"terrible", r"horrible", r"horrivel", r"pesim\w+",
    r"awful", r"queja", r"quejarme", r"reclamacion\w*", r"reclamar", r"reclamacao",
    r"complaint", r"complain", r"charged (?:me )?twice", r"double charged",
    r"cobrad\w* dos veces", r"cobraron dos veces", r"cobrad\w* (?:a )?doble",
    r"cobrad\w* duas vezes", r"cobraram duas vezes", r"nobody answers", r"no one answers",
    r"nadie (?:me |nos )?(?:contesta|responde|coge|atiende)", r"verguenza",
    r"ninguem (?:me )?(?:atende|responde)",
    r"estafa\w*", r"scam", r"fraud\w*", r"indignad\w*", r"furious", r"enfadad\w*",
    r"harto", r"hartos", r"fed up", r"mal servicio", r"bad service", r"rude", r"maleducad\w*",
    r"sucia", r"sucio", r"dirty", r"suja", r"sujo", r"no funciona", r"doesn'?t work",
    r"not working", r"nao funciona", r"quiero mi dinero", r"i want my money",
    r"worst", r"ridiculous", r"ridicul\w+", r"lamentable",
    # Charged too much, one way or another: "cobraram-me a estadia duas vezes".
    r"(?:cobr\w+|charged)(?:-me| me| nos|-nos)?(?: \w+){0,3} "
    r"(?:dos veces|duas vezes|twice|de mas|a mais|de mais|too much)",
    r"overcharg\w*", r"cobro indebido", r"cobranca indevida",
    r"insatisfech\w*", r"insatisfeit\w*", r"dissatisfied", r"unhappy with",
    r"desiludid\w*", r"decepcionad\w*", r"disappointed", r"descontent\w*",
    r"(?:no estaba|nao estava|was not|wasn'?t) (?:nada )?(?:limpi\w+|limp[oa]s?|clean)",
    r"ninguem (?:me )?(?:resolveu|ajudou)", r"nadie (?:me )?(?:ha )?(?:resuelto|ayudado)",
    r"nobody (?:helped|fixed)", r"no one (?:helped|fixed)", r"hoja de reclamaciones",
    r"livro de reclamacoes", r"exijo", r"i demand", r"exijo una explicacion",
)  # fmt: skip
HANDOFF = _rx(
    r"(?:hablar|habla|hable|contactar|comunicarme|pasame|pasadme|pasarme|talk|speak|chat|"
    r"falar|conversar|put me through|transfer me|connect me|passar-me|passe-me|passa-me|"
    r"hablarlo|comentarlo|tratarlo|falar disso|falar sobre isso|discuss (?:it|this|that)|"
    r"passem-me|pass me|a word)"
    r"(?: con| to| with| com| a| ao)?(?: (?:una|un|a|an|um|uma|the|el|la|o|alguna|some))?"
    r" (?:persona\w*|humano|human|person|people|agente|agent|recepcion\w*|reception\w*|"
    r"manager|gerente|encargad\w+|responsable|staff|funcionari\w+|atendente|operador\w*|"
    r"operator|director\w*|supervisor|alguien|someone|somebody|alguem|real|rececao|recepcao|"
    r"empleado|employee|pessoa|colega|companer[oa]|colleague)",
    r"(?:manager|person|someone|somebody|human|agent) (?:i|we) (?:can|could) (?:talk|speak)",
    r"(?:que )?(?:me )?llame alguien", r"alguien (?:que )?me (?:llame|atienda)",
    r"call me back", r"(?:me )?liguem", r"liguem-me",
    r"agente humano", r"persona real", r"real person", r"human being", r"not a bot",
    r"no (?:eres|es) (?:un|una) (?:bot|robot|maquina)", r"are you a (?:bot|robot)",
    r"(?:can|could) someone call me", r"llamadme", r"me llamais", r"ligue-me",
    # Asking to be called: "¿me puede llamar alguien?", "preciso que alguém me ligue".
    r"(?:me|nos) (?:(?:puede|pueden|podeis|podria|podrian|podriais|pode|podem|podia|podiam|"
    r"poderia|poderiam|podes) )?(?:llam(?:e|en|eis|ar|ara|aran|ais)|"
    r"lig(?:ue|uem|ar|arem|asse|assem)|contact(?:e|en|eis|em))(?![a-z])",
    r"(?:llamar|contactar|ligar)-?(?:me|nos)", r"(?:call|ring|phone) (?:me|us)(?: back)?",
    r"give (?:me|us) a (?:call|ring)",
    # Doubting it is a person: "am I talking to a bot?", "an actual human".
    r"(?:talking|speaking|chatting) (?:to|with) an? (?:bot|robot|machine)",
    r"(?:hablando|hablo) con (?:un|una) (?:bot|robot|maquina)",
    r"(?:a falar|falando|falo) com (?:um|uma) (?:bot|robo|maquina)",
    r"(?:an? )?(?:actual|real) (?:human|person)", r"(?:deal|talk|speak) with an? human",
    r"pessoa real", r"ser humano",
    # Something left behind after a stay: only staff can look for it.
    r"(?:left|forgot) (?:my|our|a|an|the) \w+(?: \w+)? (?:in|at|behind|when)", r"lost property",
    r"lost and found", r"objetos? perdidos?", r"(?:me|nos) (?:deje|dejamos|olvide|olvidamos) "
    r"(?:el|la|los|las|un|una|mi|mis|nuestro|nuestra) \w+(?: \w+)? (?:en|al)",
    r"(?:esqueci|esquecemos|deixei|deixamos)(?:-me|-nos)? (?:o|a|os|as|do|da|um|uma|meu|minha) "
    r"\w+(?: \w+)? (?:no|na|em)", r"perdidos e achados",
    # Someone of the staff asked for by where they work: "que alguien de recepción me...".
    r"(?:alguien|alguem|someone|somebody) (?:de|da|from|at) (?:la |the )?"
    r"(?:recepcion|rececao|recepcao|reception|front desk)",
)  # fmt: skip
HOW_QUESTION = _rx(r"como (?:puedo|podemos|posso|podemos|se)", r"how (?:can|do|could) (?:i|we)")
YES_START = re.compile(
    # A bare "si" is also "if" ("si cancelo, ¿me cobráis?"): a yes only before a pause.
    r"^(?:si(?=\s*(?:[,.!]|$|por favor|porfa|claro|vale|adelante|confirm|gracias|perfecto|"
    r"de acuerdo|ok|hazlo|dale|si))|sim|yes|yep|yeah|yup|claro|of course|por supuesto|"
    r"correcto|correct|exacto|"
    r"exactly|de acuerdo|adelante|go ahead|sure|absolutely|certo|isso mesmo|isso|"
    r"confirm(?!ac|at)\w*|i confirm|lo confirmo|confirmamos|"
    r"perfecto,? (?:confirmo|adelante|reserva)|"
    r"ok,? (?:confirm\w*|adelante|go ahead|book)|vale,? (?:confirm\w*|adelante|reserva))\b"
)
# "Vaya... bueno, qué le vamos a hacer. Sí.": a yes that closes the message, after a pause
# (a bare "si" can be "if" only before what it conditions).
YES_END = re.compile(r"(?:^|[.!?;,…]\s*)(?:si|sim|yes|yep|yeah)\s*[.!]*\s*$")
CONFIRM_WORDS = _rx(
    # "la confirmación", "the confirmation" name a document; they say no yes.
    r"confirm(?!ac|at)\w*", r"adelante", r"go ahead", r"proceed", r"procede", r"hazlo", r"do it",
    r"book it", r"reservala", r"reservalo", r"pode reservar", r"pode cancelar", r"pode alterar",
    r"cancelala", r"cancelalo", r"anulala", r"anulalo", r"cancela-a", r"cancele-a",
    r"pode anular", r"cancel it", r"cambiala", r"modificala", r"change it", r"please book",
    r"pode avancar", r"avanca", r"let'?s do it",
)  # fmt: skip
# Agreement that is a yes only as the answer to the agent's question.
SOFT_YES = _rx(
    r"sounds good", r"de acuerdo", r"esta bien", r"esta bem", r"tudo certo", r"perfecto",
    r"perfeito", r"perfect", r"genial", r"great", r"vale", r"ok", r"okay", r"dale", r"claro",
)  # fmt: skip
# Alone, these say yes only when the agent has just asked for a confirmation.
ACKNOWLEDGEMENT = re.compile(
    r"^(?:ok|okay|okey|oki|vale|dale|va|venga|perfecto|perfeito|perfect|genial|great|"
    r"fine|good|bien|bueno|bom|sounds good|de acuerdo|esta bien|ta bien|beleza|combinado|"
    r"👍|👌|✅|🙏)(?: ?(?:!|\.|👍|👌))*$"
)
NO_START = re.compile(
    r"^(?:no|nao|nope|nah|no no)\b(?! (?:se|sé|sei|problem|problema|hay problema|pasa nada))"
)
DECLINE_WORDS = _rx(
    r"no (?:la |lo |me )?cancel\w*", r"don'?t cancel", r"do not cancel", r"nao (?:a |o )?cancel\w*",
    r"mejor no", r"better not", r"melhor nao", r"(?:la|lo) mantengo", r"mantenerla", r"mantenla",
    r"keep (?:the|my|our) (?:booking|reservation)", r"keep it", r"we'?ll keep", r"i'?ll keep",
    r"vou manter", r"mantenho", r"manter a reserva", r"dejalo", r"olvidalo", r"forget it",
    r"never ?mind", r"deixa", r"esquece", r"no,? gracias", r"no,? thanks", r"no thank you",
    r"nao,? obrigad\w", r"entonces no", r"then no", r"ya no", r"not anymore", r"no lo hagas",
    r"don'?t do it", r"no quiero (?:cancelar|cambiar|reservar)", r"i don'?t want (?:to )?"
    r"(?:cancel|change|book)", r"nao quero (?:cancelar|mudar|alterar|reservar)",
    r"no (?:la |lo )?reserves", r"don'?t book", r"no hace falta", r"not needed",
    r"nao e preciso", r"no cambies", r"don'?t change", r"nao mude", r"nao altere",
    # Keeping things as they are: "então não, deixe ficar como está".
    r"entao nao", r"deix[ae] ficar", r"(?:fica|deixe|deixa|dejala|dejalo|leave it) como esta",
    r"deixa estar", r"leave it as it is", r"leave it as is", r"mantenha", r"mantenga\w*",
    r"la dejamos como esta", r"we'?ll leave it",
)  # fmt: skip
POSTPONE = _rx(
    r"lo pensare\w*", r"lo pensamos", r"pensarlo", r"lo consult\w+", r"lo hablo", r"lo hablamos",
    r"(?:os|te|le) digo algo", r"ya (?:os|te|le) dire\w*", r"(?:we|i)'?ll think", r"let me think",
    r"think about it", r"get back to you", r"vou pensar", r"vamos pensar", r"pensar melhor",
    r"depois (?:digo|falo)", r"i'?ll let you know", r"we'?ll let you know", r"ya veremos",
    r"ya te aviso", r"ya os aviso", r"os aviso", r"te aviso", r"not sure yet", r"no estoy segur\w",
)  # fmt: skip
CANCEL_VERB = _rx(
    r"cancel\w*",
    r"anul\w+",
    r"desmarcar",
    r"call off",
)
CANCEL_POLICY = _rx(
    r"politica", r"policy", r"politicas", r"free", r"gratis", r"gratuit\w*", r"sin gastos",
    r"sem custos?", r"penal\w*", r"fee", r"cost\w*", r"cuesta", r"custa", r"cobr\w+",
    r"charge\w*", r"how late", r"hasta cuando", r"ate quando", r"con cuanta", r"what if",
    r"si cancelo", r"se cancelar", r"if i cancel", r"reembols\w*", r"refund\w*", r"deadline",
    r"plazo", r"prazo", r"condiciones", r"conditions", r"condicoes", r"puedo cancelar",
    r"can i cancel", r"posso cancelar", r"se puede cancelar", r"is it possible to cancel",
)  # fmt: skip
# "What happens if we have to cancel?", "y si tuviéramos que anular...", "e se desistirmos":
# cancelling is a condition, so the guest asks for the policy, not for a cancellation.
_IF = r"(?<![a-z])(?:if|si|se|caso|in case|en caso de que|en caso de|no caso de|supposing|suppose)"
WHAT_IF_CANCEL = re.compile(
    _IF + r"((?: [a-z']+){0,4}) (?:cancel\w*|anul\w*|desist\w*|call(?:ing)? off|desmarc\w*)"
)
# "si al final no podemos ir", "if we can't make it", "se não pudermos ir": the same question.
WHAT_IF_ABSENT = re.compile(
    _IF + r"(?: [a-z']+){0,3} (?:no|not|nao|can'?t|cannot|couldn'?t|won'?t|don'?t|didn'?t)"
    r"(?: [a-z']+){0,2} (?:ir|go|come|make it|vir|travel|viajar|aparec\w*|show up|"
    r"present\w*|comparec\w*|llegar|chegar)(?![a-z])"
    r"|" + _IF + r"(?: (?:our|the|los|nuestros|os|nossos))? (?:plans|planes|planos) "
    r"(?:change|cambian|mudarem|mudam)"
    r"|" + _IF + r" (?:surge|nos surge|me surge|something comes up|acontecer alguma coisa)"
)
# Wanting is not a condition: "si no es molestia, quiero cancelar" asks to cancel.
_VOLITION = frozenset(
    [
        "quiero",
        "queremos",
        "quisiera",
        "quisieramos",
        "want",
        "wanted",
        "like",
        "quero",
        "queremos",
        "queria",
        "gostaria",
        "gostariamos",
        "gustaria",
        "please",
    ]
)
DESIRE = _rx(
    r"quiero", r"queremos", r"quisiera", r"quisieramos", r"necesito", r"necesitamos",
    r"tengo que", r"tenemos que", r"me gustaria", r"nos gustaria", r"want", r"need",
    r"have to", r"would like", r"i'?d like", r"we'?d like", r"please", r"por favor", r"quero",
    r"preciso", r"precisamos", r"tenho que", r"temos que", r"gostaria", r"gostariamos",
    r"vamos a tener que", r"i'?m afraid", r"debo", r"must",
    # Asking the hotel to do it: "¿podéis anular lo mío?", "could you cancel it?".
    r"podeis", r"podriais", r"puedes", r"podrias", r"puede usted", r"pueden", r"can you",
    r"could you", r"would you", r"pode", r"podem", r"podia", r"podiam", r"poderia",
    r"poderiam",
    # Formal requests: "les ruego que procedan a cancelarla", "solicito la anulación".
    r"(?:les|le) ruego", r"procedan? a", r"solicito", r"solicitamos", r"kindly", r"peco que",
    r"pedimos que", r"agradeceria que", r"agradeceriamos que",
)  # fmt: skip
MY_BOOKING = _rx(
    r"(?:mi|nuestra|la|esta|esa) reserva\w*", r"(?:my|our|the|this) (?:booking|reservation)",
    r"(?:a )?(?:minha|nossa) reserva", r"a reserva", r"booking (?:number|ref\w*)",
    r"reservation (?:number|ref\w*)", r"[a-z]{2,5}-\d{3,8}", r"lo (?:mio|nuestro)",
    # The room or stay already booked: "downgrade our suite", "cambiar nuestra habitación".
    r"(?:my|our) (?:\w+ )?(?:room|suite|stay|trip|holiday|visit)",
    r"(?:mi|nuestra) (?:habitacion|suite|estancia)",
    r"(?:o |a )?(?:meu|nosso|minha|nossa) (?:quarto|suite|estadia)",
    r"(?:mi|nuestra) (?:doble|individual|familiar)", r"(?:my|our) (?:double|single|family)",
    r"(?:o )?(?:meu|nosso) (?:duplo|individual|familiar)",
)  # fmt: skip
# The guest's own stay asked as a fact already set: "¿qué día entrábamos?", "¿cuántas
# noches eran?", "what day do we check in?", "que dia chegamos mesmo?"
OWN_STAY = _rx(
    r"(?:que|q) dia (?:entra\w*|llega\w*|salia\w*|saliamos|nos iba\w*|chega\w*|sai\w*)"
    r"(?: \w+)?\?",
    r"(?:cuantas|q?ue) noches (?:eran|erais|son las nuestras)", r"quantas noites (?:eram|sao)",
    r"what (?:day|date) (?:do|did|are|were) we (?:arrive|arriving|check in|checking in|leave|"
    r"leaving|check out|checking out)",
    r"when (?:do|did|are|were) we (?:arrive|arriving|check in|checking in|leave|leaving|"
    r"check out|checking out)",
)  # fmt: skip
MODIFY_VERB = _rx(
    r"cambi\w+", r"modific\w+", r"mover", r"muev\w+", r"adelant\w+", r"retras\w+", r"ampli\w+",
    r"alarg\w+", r"extend\w*", r"change", r"changing", r"modify", r"move", r"amend",
    r"acort\w+", r"encurt\w+", r"reduc\w+ (?:la|a|my|our|mi|nuestra|minha|nossa)",
    r"shorten", r"reschedule", r"postpone", r"mudar", r"muda", r"alter\w+", r"troc\w+", r"adi\w+r",
    r"antecip\w+", r"prolong\w+", r"anadir", r"agregar", r"add", r"adicionar", r"acrescentar",
    r"pasar", r"passar", r"trasladar", r"shift", r"push back", r"bring forward",
    r"(?:up|down)grad\w*", r"switch", r"swap", r"adjust\w*", r"ajust\w*",
)  # fmt: skip
# Staying longer than booked: a change of the booking when no new stay is being built.
EXTEND = _rx(
    r"(?:una|one|uma) (?:noche|night|noite) (?:mas|more|extra|a mais)", r"noche extra",
    r"(?:an|one) extra night", r"another night", r"mais uma noite", r"one more night",
    r"quedarnos mas", r"quedarme mas", r"stay (?:a bit |a little )?longer", r"ficar mais",
    r"(?:un|one|um) (?:dia|day) (?:mas|more|a mais)",
)  # fmt: skip
# A change said relative to the booking itself: only a booking can be moved a day or kept
# on the same dates.
# A room on top of the one booked is a new booking, not a change of it.
ANOTHER_ROOM = _rx(
    r"(?:otra|another|outro|outra|additional|adicional|second|segunda|extra) "
    r"(?:\w+ )?(?:habitacion|room|quarto)"
)
SHIFT = _rx(
    r"(?:un|one|um|a) (?:dia|day|noche|night|noite) (?:antes|before|earlier|later|despues|"
    r"depois|mais cedo|mais tarde)",
    r"(?:las )?mismas fechas", r"(?:the )?same dates", r"(?:as )?mesmas datas",
    r"(?:una|one|uma) (?:noche|night|noite) (?:menos|less|fewer)", r"menos uma noite",
    r"one (?:night )?(?:less|fewer)(?: night)?", r"cut (?:\w+ ){0,3}short",
)  # fmt: skip
# Someone joining the party already booked: "se apunta mi hermana", "my brother is coming
# along", "afinal vem também a minha mãe": a change when the guest has a booking.
JOINS = _rx(
    r"se (?:apunta|apuntan|une|unen|suma|suman|viene|vienen)", r"viene tambien",
    r"vendra tambien", r"(?:is|are) joining", r"join(?:ing)? us", r"(?:come|coming) along",
    r"(?:is|are) coming too", r"vem tambem", r"vem connosco", r"vai tambem", r"junta-se",
    r"juntar-se", r"(?:we'?ll|we will) be \w+ (?:adults|people|of us) now",
    r"(?:ahora|al final) (?:somos|seremos|seriamos|vamos a ser)",
    r"afinal (?:somos|seremos|vamos ser)", r"after all", r"(?:travel\w*|coming) with us",
    r"vienen? con nosotros", r"vai connosco", r"bring(?:ing)? (?:\w+ ){1,5}(?:along|with us|too)",
    r"(?:traer|traemos|llevar) (?:tambien )?a (?:mi|nuestr[oa])",
    r"(?:trazer|levar) (?:tambem )?(?:o nosso|a nossa|o meu|a minha)",
    r"no (?:puede|pueden|podra) venir", r"(?:can'?t|cannot|won'?t be able to) come",
    r"(?:nao pode|nao vai poder) vir",
)  # fmt: skip
LOOKUP = _rx(
    r"recuerd\w*", r"record\w+", r"remind\w*", r"details of (?:my|our)", r"detalles de (?:mi|la)",
    r"datos de (?:mi|la)", r"fechas de (?:mi|la)", r"consultar (?:mi|la|a minha)",
    r"ver (?:mi|la|a minha)", r"check (?:my|on my)", r"status of", r"estado de (?:mi|la)",
    r"lembr\w+", r"detalhes da", r"what did i book", r"when is my", r"cuando es mi",
    r"(?:did|have) (?:we|i) book", r"what (?:i|we) (?:have |'ve )?booked",
    r"que (?:tengo|tenemos) reservad\w*", r"o que (?:tenho|temos) reservad\w*",
    r"(?:cuantas|que) noches (?:tenemos|tengo|reserv\w+)",
    r"(?:quantas|que) noites (?:temos|tenho|reserv\w+)",
    # "is our booking for January all fine?", "¿está todo bien con mi reserva?"
    r"(?:is|esta|e) (?:my|our|mi|nuestra|a minha|a nossa) (?:booking|reservation|reserva)"
    r"(?: \w+){0,3} (?:fine|ok|okay|in order|still on|correct|confirmed|bien|en orden|bem|"
    r"certa|confirmada)",
    r"quando e a minha", r"is my (?:booking|reservation)", r"esta confirmada",
    r"(?:reenvi\w+|resend|send (?:me )?(?:again|back)|voltar a enviar|mandar de novo)",
    r"(?:la|the|a) (?:confirmacion|confirmation|confirmacao)",
    r"tengo una reserva", r"tenemos una reserva", r"i have a (?:booking|reservation)",
    r"tenho uma reserva", r"temos uma reserva", r"look up", r"find my",
    r"no (?:las|la|lo) encuentro", r"can'?t find", r"(?:is|esta|e) (?:\w+ )?confirmad[oa]",
    r"(?:is|was) (?:\w+ ){0,3}confirmed",
    r"(?:booking|reservation|one|something) (?:\w+ )?under (?:the name|my name)",
    # "pode confirmar-me as datas da reserva": confirm as in "tell me again", not a yes.
    r"confirm\w*(?:-me| me)? (?:the |las |los |as |os |my |our |mi |mis |nuestra )?"
    r"(?:booking |reservation |reserva )?(?:dates|fechas|datas|details|datos|dados)",
    r"(?:las fechas|as datas|the dates|los datos|os dados) (?:de|da|of) (?:mi|la|a|my|the|minha)",
)  # fmt: skip
BOOK = _rx(
    r"reservar", r"reservad", r"reservamos", r"reserv[ae]l[ao]s?", r"reserva(?:me|nos)",
    r"reserv(?:ad|en|e|a|ar)(?:l[ao]s?|mel[ao]s?|nosl[ao]s?)",
    r"reserv(?:e|em|ar)-(?:[ao]s?|me|nos)",
    r"book (?:them|both|those|these)",
    r"reserve", r"book", r"booking it", r"make a (?:booking|reservation)",
    r"hacer (?:una|la) reserva", r"fazer (?:uma|a) reserva", r"nos quedamos", r"me quedo con",
    r"nos la quedamos", r"la cogemos", r"lo cogemos", r"we'?ll take", r"we will take",
    r"i'?ll take", r"i will take", r"ficamos com", r"fico com", r"vamos ficar com",
    r"go with", r"quedamos con", r"queremos la", r"quiero la", r"queremos el", r"quiero el",
    r"queremos o", r"quero o", r"we want the", r"i want the", r"let'?s go with",
    r"nos quedamos la", r"is fine", r"esta bien la", r"que sea la",
)  # fmt: skip
# Words that ask for free rooms or prices on their own, dates or not: "¿hay disponibilidad
# para Semana Santa?" starts a search (the dates are asked next).
SEARCH = _rx(
    r"disponib\w*", r"available", r"availability", r"vagas?", r"free rooms?",
    r"habitaciones libres", r"quartos livres", r"rooms? (?:free|left)", r"presupuesto", r"quote",
    r"(?:do you have|have you got|teneis|tienen|hay|tem|ha) (?:\w+ )?"
    r"(?:rooms?|habitacion\w*|quartos?) (?:libres?|free|available|disponiveis|livres?|for|para)",
)  # fmt: skip
# Words that ask for rooms or prices (not "hay" or "a stay": "¿hay estancia mínima?").
AVAILABILITY = _rx(
    r"disponib\w*", r"available", r"availability", r"libre", r"libres", r"free rooms?",
    r"vagas?", r"precio\w*", r"price\w*", r"preco\w*", r"cuanto", r"how much", r"quanto",
    r"cost\w*", r"cuesta", r"custa", r"tarifa\w*", r"rates?", r"quote", r"presupuesto",
    r"opciones", r"options", r"opcoes", r"habitacion\w*", r"rooms?", r"quartos?", r"doble",
    r"double", r"duplo", r"individual", r"single", r"suite", r"familiar",
)  # fmt: skip
BARE_PRICE = re.compile(
    r"^(?:y |and |e |ok |vale |so )?(?:cuanto|how much|quanto|price|precio|preco)"
    r"(?: (?:es|sale|seria|cuesta|sera|is it|would it be|will it be|would that be|fica|"
    r"custa|e|sai|en total|in total|total))?$"
)
GREETING = _rx(
    r"hola+", r"buenas", r"buenos dias", r"buenas (?:tardes|noches)", r"hello", r"hi+",
    r"hey+", r"good (?:morning|afternoon|evening)", r"ola", r"oi", r"bom dia",
    r"boa (?:tarde|noite)", r"que tal", r"how are you", r"saludos", r"greetings",
    r"tudo bem", r"tudo bom", r"como vai", r"como (?:estas|esta|esta usted)",
    r"how(?:'s| is) it going",
    r"hay alguien", r"anyone there", r"alguem", r"hello\?+",
)  # fmt: skip
THANKS = _rx(
    r"gracias", r"muchas gracias", r"thanks?", r"thank you", r"thx", r"ty", r"obrigad\w",
    r"cheers", r"valeu", r"agradezco", r"agradecid\w", r"merci", r"appreciate\w*",
)  # fmt: skip
GOODBYE = _rx(
    r"adios", r"bye", r"goodbye", r"bye bye", r"hasta luego", r"hasta pronto", r"hasta manana",
    r"chao", r"chau", r"tchau", r"adeus", r"see you", r"nos vemos", r"ate logo", r"ate mais",
    r"ate breve", r"un saludo", r"have a nice day", r"buen dia", r"que vaya bien",
    r"take care", r"cuidate", r"eso es todo", r"that'?s all", r"e tudo", r"nada mas",
)  # fmt: skip
OPTION = re.compile(
    r"(?:opcion|option|opcao|numero|number|n[ºo°]|#)\s*(\d{1,2})\b"
    r"|^(?:la|el|the|a|o|nº)?\s*(\d{1,2})\s*[.)!]*$"
)
ORDINALS = {
    "primera": 1, "primero": 1, "first": 1, "primeira": 1, "primeiro": 1, "1st": 1,
    "segunda": 2, "segundo": 2, "second": 2, "2nd": 2, "tercera": 3, "tercero": 3,
    "third": 3, "terceira": 3, "terceiro": 3, "3rd": 3, "cuarta": 4, "cuarto": 4,
    "fourth": 4, "quarta": 4, "4th": 4, "ultima": -1, "last": -1,
}  # fmt: skip
ORDINAL_NOUNS = {"opcion", "option", "opcao", "one", "una", "uma", "oferta", "offer"}
# Options are listed cheapest first: "the cheaper one" is the first, "la más cara" the last.
CHEAPEST = _rx(
    r"cheap(?:er|est)", r"least expensive", r"mas barat[oa]", r"mais barat[oa]",
    r"(?:mas )?economic[oa]", r"mais em conta",
)  # fmt: skip
PRICIEST = _rx(r"most expensive", r"priciest", r"mas car[oa]", r"mais car[oa]")


@dataclass(frozen=True, slots=True)
class Cues:
    """Which rule families fired on a message."""

    opt_out: bool
    complaint: bool
    handoff: bool
    yes: bool  # an explicit yes: "sí", "yes, book it", "confirmo"
    acknowledgement: bool
    no: bool
    decline: bool
    postpone: bool
    cancel: bool
    cancel_policy: bool
    cancel_hypothetical: bool  # "what if we cancel?": the policy is asked
    desire: bool
    my_booking: bool
    modify: bool
    extend: bool  # "una noche más": longer than booked
    shift: bool  # "un día antes", "mismas fechas": said of the booking's own stay
    another_room: bool  # "otra habitación": a new booking beside the one made
    lookup: bool
    book: bool
    availability: bool
    search: bool  # asks for free rooms even without dates: the dates are asked next
    bare_price: bool  # "¿cuánto?", "how much is it?": the price and nothing else
    greeting: bool
    thanks: bool
    goodbye: bool


def is_social_only(folded: str) -> bool:
    """Nothing but greetings, thanks, goodbyes and fillers ("¿Hola? ¿Hay alguien?")."""
    rest = folded
    for pattern in (GREETING, THANKS, GOODBYE, SOFT_YES):
        rest = pattern.sub(" ", rest)
    left = re.findall(r"[a-z]{2,}", rest)
    # One word beside a greeting is a filler ("hola guapa"); one word alone asks ("parking?").
    return not left or (len(left) == 1 and rest != folded)


def read_cues(folded: str) -> Cues:
    """The rule families present in a folded message."""
    bare = re.sub(r"[^\w\s'👍👌✅🙏-]", " ", folded)
    bare = re.sub(r"\s+", " ", bare).strip()
    handoff = bool(HANDOFF.search(folded)) and not HOW_QUESTION.search(folded)
    own_stay = bool(OWN_STAY.search(folded))
    return Cues(
        opt_out=bool(OPT_OUT.match(bare) or OPT_OUT_SENTENCE.search(folded)),
        complaint=bool(COMPLAINT.search(folded)),
        handoff=handoff,
        yes=bool(YES_START.match(folded.lstrip(" ¡!¿?.,")))
        or bool(YES_END.search(folded))
        or (bool(CONFIRM_WORDS.search(folded)) and not LOOKUP.search(folded)),
        acknowledgement=bool(ACKNOWLEDGEMENT.match(bare)) or bool(SOFT_YES.match(bare)),
        no=bool(NO_START.match(bare)),
        decline=bool(DECLINE_WORDS.search(folded)),
        postpone=bool(POSTPONE.search(folded)),
        cancel=bool(CANCEL_VERB.search(folded)),
        cancel_policy=bool(CANCEL_POLICY.search(folded)),
        cancel_hypothetical=asks_what_if_cancelled(folded),
        desire=bool(DESIRE.search(folded)),
        my_booking=own_stay or bool(MY_BOOKING.search(folded)),
        modify=bool(MODIFY_VERB.search(folded)),
        extend=bool(EXTEND.search(folded)) or extra_nights(folded) is not None,
        shift=bool(SHIFT.search(folded)),
        another_room=bool(ANOTHER_ROOM.search(folded)),
        lookup=own_stay or bool(LOOKUP.search(folded)),
        book=bool(BOOK.search(folded)),
        availability=bool(AVAILABILITY.search(folded)),
        search=bool(SEARCH.search(folded)),
        bare_price=bool(BARE_PRICE.match(bare)),
        greeting=bool(GREETING.search(folded)),
        thanks=bool(THANKS.search(folded)),
        goodbye=bool(GOODBYE.search(folded)),
    )


def asks_what_if_cancelled(folded: str) -> bool:
    """Cancelling or not going, asked as a condition. Punctuation ends the condition:
    "sí, cancélala" is a yes, not "if"."""
    for match in WHAT_IF_CANCEL.finditer(folded):
        between = set(match.group(1).split())
        if between & _VOLITION or folded[: match.start()].rstrip().endswith("que"):
            continue  # "quiero que se cancele": the guest wants it
        return True
    return bool(WHAT_IF_ABSENT.search(folded))


def option_number(folded: str, *, expecting_option: bool) -> int | None:
    """'opción 2', 'la 2', 'the first one'; a bare '2' or 'la primera' only after options.

    After options, the choice may open a longer message: "La 2. Sergio Molina, ...".
    """
    bare = folded.strip(" .!?¡¿")
    if expecting_option:
        bare = re.split(r"[.,;:!\n]", bare, maxsplit=1)[0].strip(" .!?¡¿")
    match = OPTION.search(bare)
    if match and (match.group(1) or expecting_option):
        return int(match.group(1) or match.group(2))
    if expecting_option and CHEAPEST.search(folded):
        return 1
    if expecting_option and PRICIEST.search(folded):
        return -1
    words = re.findall(r"[a-z0-9]+", folded)
    for i, word in enumerate(words):
        value = ORDINALS.get(word)
        if value is None:
            continue
        following = words[i + 1] if i + 1 < len(words) else ""
        if expecting_option or following in ORDINAL_NOUNS:
            return value
    return None


@dataclass(frozen=True, slots=True)
class Evidence:
    """What else the message holds, for the intent decision."""

    has_dates: bool
    has_party: bool
    has_room_type: bool
    has_contact: bool
    has_reference: bool
    option: int | None
    faq_strength: float  # best topic score, 0 when no topic
    question: bool  # asks something ("?", "can you", "¿")


def decide(
    cues: Cues, evidence: Evidence, expecting: str | None
) -> tuple[Intent, tuple[Intent, ...]]:
    """The main intent and the others present, in the order the dialogue should serve them."""
    found = _candidates(cues, evidence, expecting)
    if not found:
        return Intent.OTHER, ()
    main = found[0]
    return main, tuple(i for i in dict.fromkeys(found[1:]) if i != main)


def _candidates(cues: Cues, ev: Evidence, expecting: str | None) -> list[Intent]:
    social = _social(cues)
    if cues.opt_out:
        return [Intent.OPT_OUT]
    if cues.complaint:
        return [Intent.COMPLAINT, Intent.HANDOFF]
    if cues.handoff:
        return [Intent.HANDOFF]
    booking_entities = ev.has_dates or ev.has_party or ev.has_room_type
    # An explicit "no, keep it" beats the verb it negates ("no canceles nada").
    if cues.decline or (cues.no and not booking_entities and not cues.yes):
        # "No, da igual. Otra cosa: si cancelo, ¿me cobráis?": the no, and the question.
        asks = ev.faq_strength or cues.cancel_hypothetical or (cues.cancel and cues.cancel_policy)
        return [Intent.DECLINE, *([Intent.FAQ] if asks else []), *social]
    if cues.postpone:
        if expecting in {"confirmation", "option"}:
            return [Intent.DECLINE, *social]
        return [*(social or [Intent.GOODBYE]), Intent.DECLINE]
    if cues.yes:
        actions = _actions(cues, ev, expecting)
        if expecting != "confirmation" and set(actions) & BOOKING_TASKS:
            # "¿Pode alterar a reserva?" asks for a change; nothing waits for a yes.
            return [*actions, Intent.CONFIRM, *social]
        return [Intent.CONFIRM, *actions, *social]
    if cues.acknowledgement and expecting == "confirmation" and not booking_entities:
        return [Intent.CONFIRM, *social]
    if expecting == "details" and ev.has_contact:
        return [Intent.GIVE_DETAILS, *_actions(cues, ev), *social]
    actions = _actions(cues, ev, expecting)
    if actions:
        return [*actions, *social]
    if ev.faq_strength > 0:
        return [Intent.FAQ, *social]
    if ev.has_contact:
        return [Intent.GIVE_DETAILS, *social]
    if social and not ev.question:
        return social
    return [Intent.OTHER, *social]


BOOKING_TASKS = {Intent.MODIFY_BOOKING, Intent.CANCEL_BOOKING}


def _actions(cues: Cues, ev: Evidence, expecting: str | None = None) -> list[Intent]:
    found: list[Intent] = []
    booking_entities = ev.has_dates or ev.has_party or ev.has_room_type
    wants_it = cues.desire or cues.my_booking or ev.has_reference
    if cues.cancel_hypothetical and not (cues.desire and cues.my_booking):
        found.append(Intent.FAQ)
    elif cues.cancel and wants_it and not (cues.cancel_policy and not cues.my_booking):
        found.append(Intent.CANCEL_BOOKING)
    elif cues.cancel and cues.cancel_policy:
        found.append(Intent.FAQ)
    building = expecting in {"option", "details", "dates", "occupancy", "confirmation"}
    relative = (cues.extend or cues.shift) and not cues.another_room
    if (cues.modify and (cues.my_booking or ev.has_reference)) or (relative and not building):
        found.append(Intent.MODIFY_BOOKING)
    if (cues.lookup and (cues.my_booking or ev.has_reference or not booking_entities)) or (
        ev.has_reference and not found
    ):
        found.append(Intent.LOOKUP_BOOKING)
        if ev.faq_strength:
            found.append(Intent.FAQ)  # "is my booking fine? and do you have parking?"
    if found:
        return found
    if (expecting == "option" and (ev.option is not None or ev.has_room_type)) or (
        ev.option is not None and not ev.has_dates
    ):
        found.append(Intent.CHOOSE_OPTION)
    if (cues.book and not (ev.faq_strength and not booking_entities)) or (
        ev.has_contact and ev.has_room_type
    ):
        found.append(Intent.BOOK)
    # "¿cuánto?", "how much is it?" right after a quote: the stay under discussion, priced.
    if (booking_entities and _asks_for_rooms(cues, ev)) or (
        (cues.search or cues.bare_price) and not ev.faq_strength
    ):
        found.append(Intent.AVAILABILITY)
    if found and ev.has_contact:
        found.append(Intent.GIVE_DETAILS)
    if found and ev.faq_strength:
        found.append(Intent.FAQ)
    return found


def _asks_for_rooms(cues: Cues, ev: Evidence) -> bool:
    """Dates, guests or a room type make a search, unless they only frame an FAQ question
    ("¿la piscina está abierta el 15 de mayo?", "as crianças pagam? temos dois filhos")."""
    if not ev.faq_strength:
        return True
    if ev.has_room_type and not ev.has_dates and not ev.has_party:
        return False  # "¿el desayuno está incluido en la suite?"
    return ev.has_dates and cues.availability


def _social(cues: Cues) -> list[Intent]:
    found = []
    if cues.goodbye:
        found.append(Intent.GOODBYE)
    if cues.thanks:
        found.insert(0, Intent.THANKS)
    if cues.greeting:
        found.append(Intent.GREETING)
    return found
