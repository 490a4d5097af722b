/**
 * Every sentence the bot says, in Brazilian Portuguese (the default). A typed catalogue rather than
 * i18next: each message is a function of named, typed parameters, so `en.ts` must define every key
 * with the same parameters or the typecheck fails — i18next checks neither without extra codegen.
 * Values interpolated here are already escaped by the caller (render/escape.ts).
 */
export const ptBR = {
  'error.guild_not_linked': () =>
    'Este servidor ainda não está conectado a um canal da Twitch. Um moderador pode usar `!conectar`.',
  'error.channel_not_connected': () =>
    'O canal da Twitch ainda não está conectado. Use `!conectar` para autorizar.',
  'error.reconnect_needed': () =>
    'A Twitch recusou a autorização deste canal. O streamer precisa rodar `!conectar` de novo.',
  'error.no_prizes_left': () =>
    'Não há prêmios em estoque. Adicione com `!itens adicionar nome:peso` ou aumente uma quantidade.',
  'error.no_eligible_entrants': () =>
    'Ninguém pode ganhar agora: não há ninguém elegível no chat (ou todos estão em cooldown).',
  'error.twitch_unavailable': () => 'A Twitch não respondeu agora. Tente de novo em alguns segundos.',
  'error.beacon_unavailable': () =>
    'Nenhum servidor do drand respondeu, então o sorteio não pôde ser ligado a uma rodada pública. Nada foi sorteado: tente de novo daqui a pouco.',
  'error.api_unavailable': () => 'O serviço do KinoYu não respondeu agora. Tente de novo em alguns segundos.',
  'error.missing_permission': () =>
    'Você precisa da permissão **Gerenciar servidor** ou do cargo de gerente do KinoYu para isso.',
  'error.invalid_prize_list': (p: { detail: string }) =>
    `Lista de prêmios inválida — nada foi adicionado. ${p.detail}\nFormato: \`!itens adicionar skin dourada:50, skin prata:30x2, chave;5x*\``,
  'error.prize_exists': (p: { detail: string }) => `Esse prêmio já existe — nada foi adicionado. ${p.detail}`,
  'error.prize_not_found': (p: { name: string }) =>
    `Não há prêmio chamado **${p.name}**. Veja a lista com \`!itens\`.`,
  'error.session_already_active': () =>
    'Já há uma sessão de sorteios em andamento. Use `!parar` para encerrá-la.',
  'error.no_active_session': () => 'Não há sessão de sorteios em andamento.',
  'error.raffle_not_found': () => 'Não encontrei esse sorteio. Confira o número.',
  'error.nobody_left': () =>
    'Todos os elegíveis já ocuparam uma vaga neste sorteio: não há quem sortear de novo.',
  'error.guild_forbidden': () => 'Este servidor não pode mexer nesse canal da Twitch.',
  'error.twitch_not_configured': () => 'Este KinoYu não tem conexão com a Twitch configurada.',
  'error.invalid_interval': (p: { given: string }) =>
    `Intervalo inválido: \`${p.given}\`. Use algo como \`30s\`, \`2m\`, \`1h\` ou \`90\` (segundos), até 24h.`,
  'error.invalid_winner_count': () =>
    'Número de vencedores inválido: use um número de 1 a 100, como `!sortear 3`.',
  'error.invalid_raffle_id': () => 'Informe o número do sorteio, como `!verificar 42`.',
  'error.invalid_language': () => 'Idiomas disponíveis: `pt` (português) e `en` (inglês). Ex.: `!idioma en`.',
  'error.missing_prize_list': () =>
    'Informe os prêmios: `!itens adicionar skin dourada:50, skin prata:30x2`.',
  'error.missing_prize_name': () => 'Informe o nome do prêmio: `!itens remover skin dourada`.',
  'error.invalid_input': (p: { detail: string }) => `Não entendi o pedido: ${p.detail}`,
  'error.generic': () => 'Algo deu errado do nosso lado; já foi registrado. Tente de novo em instantes.',
  'error.not_your_confirmation': () =>
    'Só quem pediu o link pode responder a esta confirmação. Para pedir o seu, use `/sorteio conectar`.',
  'error.entries_already_open': () =>
    'As inscrições já estão abertas. Use `!fechar` para encerrá-las antes de abrir outra janela.',
  'error.entries_not_open': () => 'Não há inscrições abertas. Use `!abrir [palavra]` para abrir.',
  'error.no_entry_window': () =>
    'No modo palavra-chave, o sorteio usa quem se inscreveu: abra as inscrições com `!abrir` primeiro.',
  'error.reconnect_for_follow_rules': () =>
    'A regra de tempo de follow precisa de uma nova autorização da Twitch: o streamer deve rodar `!conectar` de novo.',
  'error.slot_forfeited': () =>
    'Essa vaga não foi resgatada e o prêmio voltou ao estoque: não dá para sortear de novo.',
  'error.invalid_keyword': () =>
    'Palavra inválida: use até 50 caracteres, como `!abrir !participar`, ou `!abrir` para a palavra padrão.',
  'error.unknown_command': (p: { given: string; suggestion: string }) =>
    `Comando desconhecido \`${p.given}\`. Você quis dizer \`${p.suggestion}\`? Veja \`!ajuda\`.`,
  'error.duplicate_codes': () =>
    'Algum desses códigos já está neste prêmio (ou aparece duas vezes na lista) — nada foi adicionado. Confira e cole de novo.',
  'error.prize_has_codes': () =>
    'Este prêmio tem códigos: a quantidade dele é o número de códigos não usados. Para aumentar, adicione códigos com `/itens codigos`.',
  'error.prize_delivered': () =>
    'O código dessa vaga já foi entregue ao vencedor: ela não pode ser sorteada de novo.',
  'error.not_deliverable': () => 'Não há código para entregar nessa vaga agora.',
  'error.not_linked': () =>
    'Sua conta do Discord não está vinculada a uma conta da Twitch. Use `/sorteio vincular` para vincular e tente de novo.',
  'error.not_slot_holder': () =>
    'Essa vaga não é sua: só quem ganhou, com a conta da Twitch vinculada a este Discord, pode resgatá-la.',
  'error.claim_closed': () =>
    'Essa vaga não está mais esperando resgate: o prazo acabou ou ela já foi resgatada.',
  'error.no_codes': () => 'Nenhum código recebido: cole um código por linha.',
  'error.too_many_codes': (p: { count: number; max: number }) =>
    `São ${p.count} códigos: cole no máximo ${p.max} de cada vez — nada foi adicionado.`,
  'error.codes_slash_only': () =>
    'Códigos secretos nunca são colados no canal: use `/itens codigos item:<nome>` (a caixa de texto só você vê). Se você colou um código aqui, apague a mensagem.',

  'connect.link': (p: { url: string; expiresAt: string }) =>
    `Para conectar o canal da Twitch, o streamer deve abrir este link e autorizar: ${p.url}\nO link vale **uma única vez** e expira ${p.expiresAt}.`,
  'connect.sentByDm': () =>
    '📬 Enviei o link por mensagem direta. Quem tem o link pode conectar o canal: não o compartilhe.',
  'connect.dmRefused': () =>
    'Não consegui te mandar mensagem direta (suas DMs estão fechadas para este servidor). Use `/sorteio conectar`: a resposta aparece só para você. O link nunca é postado no canal.',
  'connect.confirmMove': (p: { channel: string }) =>
    `⚠️ Este servidor já está conectado ao canal **${p.channel}** da Twitch. Um novo link conecta a conta de quem abri-lo e autorizar: se não for ${p.channel}, os sorteios deste servidor passam para esse outro canal. Gerar o link mesmo assim?`,
  'connect.button.move': () => 'Sim, trocar',
  'connect.button.cancel': () => 'Cancelar',
  'connect.moveConfirmed': () => 'Confirmado: o link foi enviado só para quem confirmou.',
  'connect.cancelled': () => 'Cancelado: nenhum link foi gerado e o servidor continua conectado como estava.',

  'account.link': (p: { url: string; expiresAt: string }) =>
    `Para vincular esta conta do Discord à sua conta da Twitch, abra o link e entre com a Twitch: ${p.url}\nO link é só seu, vale **uma única vez** e expira ${p.expiresAt}. Com a conta vinculada, você é mencionado quando ganhar e recebe por mensagem direta o código dos prêmios que têm código.`,
  'account.sentByDm': () =>
    '📬 Enviei o link para vincular sua conta por mensagem direta. Não o compartilhe.',
  'account.dmRefused': () =>
    'Não consegui te mandar mensagem direta (suas DMs estão fechadas para este servidor). Abra as mensagens diretas nas configurações de privacidade do servidor, ou use `/sorteio vincular`: a resposta aparece só para você. O link nunca é postado no canal.',
  'account.unlinked': () =>
    'Pronto: esta conta do Discord não está mais vinculada à Twitch. Você não será mais mencionado nem receberá códigos por DM (eles continuam na página de resgate).',
  'account.answeredByDm': () => '📬 Respondi por mensagem direta.',

  'codes.modalTitle': (p: { name: string }) => `Códigos: ${p.name}`,
  'codes.inputLabel': () => 'Um código por linha',
  'codes.inputPlaceholder': () => 'AAAA-BBBB-CCCC\nDDDD-EEEE-FFFF',
  'codes.added': (p: { added: number; unused: number }) =>
    `🔐 ${p.added} código(s) adicionado(s); ${p.unused} disponível(is) neste prêmio. Eles não são mostrados de novo: cada vencedor recebe o seu por DM ou na página de resgate.`,

  'delivery.dm': (p: { prize: string; channel: string; raffleId: number; code: string; url: string }) =>
    `🎁 Seu código de **${p.prize}** (${p.channel}, sorteio #${p.raffleId}): ||${p.code}||\nEle também fica na sua página de prêmios: ${p.url}`,

  'claim.done': (p: { url: string }) =>
    `✅ Resgatado! Se o prêmio tem código, ele chega por mensagem direta e fica em ${p.url}.`,

  'items.title': (p: { channel: string }) => `Prêmios de ${p.channel}`,
  'items.empty': () => 'Nenhum prêmio cadastrado. Use `!itens adicionar skin dourada:50, skin prata:30x2`.',
  'items.line': (p: { name: string; chance: string; quantity: string }) =>
    `**${p.name}** — ${p.chance}% de chance · quantidade: ${p.quantity}`,
  'items.more': (p: { count: number }) => `… e mais ${p.count}`,
  'items.added': (p: { count: number; names: string }) =>
    `${p.count === 1 ? 'Prêmio adicionado' : `${p.count} prêmios adicionados`}: ${p.names}`,
  'items.removed': (p: { name: string }) => `Prêmio removido: **${p.name}**.`,
  'items.cleared': () => 'Todos os prêmios foram removidos.',

  'session.started': (p: { interval: string; next: string }) =>
    `Sessão de sorteios iniciada: um sorteio a cada **${p.interval}**, anunciado neste canal. Próximo ${p.next}.`,
  'session.stopped': (p: { draws: number }) => `Sessão encerrada depois de ${p.draws} sorteio(s).`,
  'session.stopReason.stopped_by_user': () => 'encerrada por um moderador',
  'session.stopReason.no_prizes_left': () => 'os prêmios acabaram',
  'session.stopReason.max_draws_reached': () => 'atingiu o número máximo de sorteios',
  'session.stopReason.stream_offline': () => 'a live terminou',
  'session.stopReason.other': (p: { reason: string }) => `motivo: ${p.reason}`,

  'draw.title': (p: { channel: string }) => `🎉 Sorteio em ${p.channel}`,
  'draw.rerollTitle': (p: { channel: string; position: number }) =>
    `🔁 Vaga ${p.position} sorteada de novo em ${p.channel}`,
  'draw.winnerLine': (p: { position: number; login: string; prize: string }) =>
    `**${p.position}.** ${p.login} — ${p.prize}`,
  'draw.winnerNoPrize': (p: { position: number; login: string }) => `**${p.position}.** ${p.login}`,
  'draw.replacedLine': (p: { position: number; login: string }) => `vaga ${p.position}: antes ${p.login}`,
  'draw.unclaimedLine': (p: { position: number; login: string; next: string }) =>
    `vaga ${p.position}: ${p.login} não resgatou — novo sorteio: ${p.next}`,
  'draw.claim.awaiting': (p: { word: string; deadline: string }) =>
    `⏳ digite ${p.word} no chat da Twitch — prazo ${p.deadline}`,
  'draw.claim.someWord': () => 'a palavra de resgate',
  'draw.claim.claimed': () => '✅ resgatado',
  'draw.claim.forfeited': () => '❌ não resgatado — prêmio voltou ao estoque',
  'draw.more': (p: { count: number }) => `… e mais ${p.count} vencedor(es) — veja a prova.`,
  'draw.field.raffle': () => 'Sorteio',
  'draw.field.commitment': () => 'Compromisso',
  'draw.field.entrants': () => 'Participantes elegíveis',
  'draw.field.replaced': () => 'Substituídos',
  'draw.field.proof': () => 'Prova',
  'draw.proofLink': () => 'Verificar este sorteio',
  'draw.rerollButton': (p: { position: number }) => `Sortear de novo #${p.position}`,
  'draw.claimButton': (p: { position: number }) => `Resgatar #${p.position}`,
  'draw.hasCode': () => '🎁 com código',
  'draw.field.code': () => 'Código do prêmio',
  'draw.collectCode': (p: { url: string }) =>
    `Quem ganhou um prêmio 🎁 pega o código em ${p.url} (entre com a Twitch). Com a conta vinculada (\`/sorteio vincular\`), ele chega por DM.`,
  'draw.mentions': (p: { mentions: string }) => `🎉 Parabéns, ${p.mentions}!`,
  'draw.mentionsFollowUp': (p: { mentions: string; raffleId: number }) =>
    `🔔 ${p.mentions}: o resultado do sorteio #${p.raffleId} está na mensagem acima.`,
  'draw.field.beacon': () => 'Rodada drand',
  'draw.field.digest': () => 'Lista congelada',
  'draw.waitingTitle': (p: { channel: string }) => `⏳ Sorteio em ${p.channel}: aguardando o drand`,
  'draw.waiting': (p: { round: string; at: string; when: string; count: string; digest: string }) =>
    `A lista de ${p.count} participante(s) elegível(is) foi congelada (resumo \`${p.digest}\`). Os vencedores dependem da rodada **${p.round}** do drand, um número público que ninguém conhece antes (prevista para ${p.at}, ${p.when}).`,
  'draw.waitingLate': () =>
    'A rodada está atrasada: o resultado aparece aqui assim que ela chegar. Se ela não vier em 2 minutos, o sorteio é anulado.',
  'draw.voidedTitle': (p: { channel: string }) => `🚫 Sorteio anulado em ${p.channel}`,
  'draw.voided.beacon_unavailable': (p: { round: string }) =>
    `A rodada **${p.round}** do drand nunca chegou, então este sorteio foi anulado: ninguém ganhou e a semente nunca será revelada.`,
  'draw.voided.other': (p: { reason: string }) =>
    `Este sorteio terminou sem resultado (motivo: ${p.reason}); a semente nunca será revelada.`,

  'entries.opened': (p: { keyword: string }) =>
    `📝 Inscrições abertas! No chat da Twitch, quem digitar **${p.keyword}** participa. Use \`!fechar\` para encerrar.`,
  'entries.chatModeHint': () =>
    'ℹ️ O modo de participação deste canal é **chat**: os sorteios usam todos no chat, não só os inscritos. Mude para **palavra-chave** no painel para sortear entre os inscritos.',
  'entries.closed': (p: { count: number; refused: number }) =>
    `🔒 Inscrições encerradas: ${p.count} inscrito(s)${p.refused > 0 ? `, ${p.refused} recusado(s)` : ''}. Os próximos sorteios usam esta lista.`,

  'status.title': (p: { channel: string }) => `Status de ${p.channel}`,
  'status.field.connection': () => 'Conexão com a Twitch',
  'status.field.session': () => 'Sessão',
  'status.field.prizes': () => 'Prêmios em estoque',
  'status.field.chatters': () => 'Elegíveis no chat',
  'status.field.entries': () => 'Inscrições (modo palavra-chave)',
  'status.connection.connected': () => '✅ conectado',
  'status.connection.not_connected': () => '⚪ não conectado — use `!conectar`',
  'status.connection.reconnect_needed': () => '⚠️ precisa reconectar — use `!conectar`',
  'status.connection.disconnected': () => '⚪ desconectado — use `!conectar`',
  'status.session.active': (p: { interval: string; next: string; draws: number }) =>
    `em andamento: a cada ${p.interval}, ${p.draws} sorteio(s) até agora; próximo ${p.next}`,
  'status.session.inactive': () => 'nenhuma sessão em andamento',
  'status.prizes': (p: { kinds: number; units: string }) => `${p.kinds} tipo(s), ${p.units} unidade(s)`,
  'status.chatters': (p: { eligible: number; excluded: number }) =>
    `${p.eligible} (${p.excluded} fora: bots, bloqueados…)`,
  'status.entries.open': (p: { keyword: string; count: number; refused: number; pending: number }) =>
    `🟢 abertas — digite **${p.keyword}** no chat · ${p.count} inscrito(s), ${p.refused} recusado(s)${p.pending > 0 ? `, ${p.pending} em verificação` : ''}`,
  'status.entries.closed': (p: { keyword: string; count: number; refused: number }) =>
    `🔴 encerradas (**${p.keyword}**) · ${p.count} inscrito(s), ${p.refused} recusado(s) — \`!abrir\` abre outra janela`,
  'status.entries.none': () => 'nenhuma janela de inscrições ainda — use `!abrir`',
  'status.unavailable': () => 'indisponível agora',

  'verify.reply': (p: { raffleId: number; url: string; commitment: string; channel: string }) =>
    `Sorteio **#${p.raffleId}** (${p.channel}) — compromisso \`${p.commitment}\`.\nConfira a prova: ${p.url}`,
  'verify.pending': () => 'Este sorteio ainda não foi realizado: a semente será revelada depois.',

  'language.set': () => 'Pronto: vou responder em **português** neste servidor.',

  'help.title': () => 'Comandos do KinoYu',
  'help.body': () =>
    [
      '`!conectar` — link para conectar o canal da Twitch, enviado por mensagem direta (moderadores)',
      '`!itens` — prêmios e a chance de cada um',
      '`!itens adicionar skin dourada:50, skin prata:30x2` — cadastra prêmios (`nome:peso` ou `nome;peso`, `x2` = quantidade, `x*` = ilimitado)',
      '`!itens remover <nome>` · `!itens limpar`',
      '`!iniciar [intervalo]` — sorteios automáticos (`30s`, `2m`, `1h`); `!parar` encerra',
      '`!sortear [n]` — sorteia n vencedores agora',
      '`!abrir [palavra]` — abre as inscrições: quem digitar a palavra no chat da Twitch participa; `!fechar` encerra',
      '`!status` — conexão, sessão, prêmios e elegíveis (ou inscrições, no modo palavra-chave)',
      '`!verificar <id>` — link da prova de um sorteio',
      '`/itens codigos item:<nome>` — cola os códigos secretos de um prêmio (chaves, gift cards); só por comando de barra',
      '`!vincular` — vincula sua conta do Discord à da Twitch (link por DM): você é mencionado ao ganhar e recebe os códigos por DM; `!desvincular` desfaz',
      '`!idioma pt|en` — idioma das respostas',
      'Também como comandos de barra: `/sorteio …` e `/itens …`.',
      'Comandos que mudam algo exigem **Gerenciar servidor** ou o cargo de gerente.',
    ].join('\n'),

  'event.connected': (p: { channel: string }) =>
    `✅ Twitch conectada: **${p.channel}**. Tudo pronto para sortear!`,
  'event.reconnectNeeded': (p: { channel: string }) =>
    `⚠️ A Twitch recusou a autorização de **${p.channel}**. O streamer precisa rodar \`!conectar\` de novo para os sorteios voltarem a funcionar.`,
  'event.disconnected': (p: { channel: string }) =>
    `🔌 A Twitch de **${p.channel}** foi desconectada. Para voltar a sortear, o streamer roda \`!conectar\`.`,
  'event.entriesOpened': (p: { keyword: string }) =>
    `📝 Inscrições abertas: no chat da Twitch, quem digitar **${p.keyword}** participa.`,
  'event.entriesClosed': (p: { count: number }) => `🔒 Inscrições encerradas com ${p.count} inscrito(s).`,
  'event.sessionStarted': (p: { interval: string; next: string }) =>
    `▶️ Sessão de sorteios iniciada: um a cada **${p.interval}**. Próximo ${p.next}.`,
  'event.sessionStopped': (p: { reason: string; draws: number }) =>
    `⏹️ Sessão de sorteios encerrada (${p.reason}) depois de ${p.draws} sorteio(s).`,

  // Slash command descriptions (Discord allows 100 characters).
  'slash.sorteio': () => 'Sorteios do KinoYu no chat da Twitch',
  'slash.sorteio.conectar': () => 'Link para conectar o canal da Twitch (moderadores)',
  'slash.sorteio.iniciar': () => 'Inicia uma sessão de sorteios automáticos',
  'slash.sorteio.iniciar.intervalo': () =>
    'Intervalo entre sorteios: 30s, 2m, 1h (padrão: o das configurações)',
  'slash.sorteio.parar': () => 'Encerra a sessão de sorteios',
  'slash.sorteio.sortear': () => 'Sorteia vencedores agora',
  'slash.sorteio.sortear.vencedores': () => 'Quantos vencedores (1 a 100; padrão 1)',
  'slash.sorteio.abrir': () => 'Abre as inscrições: quem digitar a palavra no chat da Twitch participa',
  'slash.sorteio.abrir.palavra': () =>
    'A palavra das inscrições (padrão: a das configurações, como !participar)',
  'slash.sorteio.fechar': () => 'Encerra as inscrições',
  'slash.sorteio.status': () => 'Conexão, sessão, prêmios e elegíveis ou inscrições',
  'slash.sorteio.verificar': () => 'Link da prova de um sorteio',
  'slash.sorteio.verificar.id': () => 'Número do sorteio',
  'slash.sorteio.ajuda': () => 'Lista os comandos',
  'slash.sorteio.idioma': () => 'Idioma das respostas neste servidor',
  'slash.sorteio.idioma.idioma': () => 'pt (português) ou en (inglês)',
  'slash.sorteio.vincular': () => 'Vincula sua conta do Discord à da Twitch para receber códigos por DM',
  'slash.sorteio.desvincular': () => 'Desfaz o vínculo da sua conta do Discord com a Twitch',
  'slash.itens': () => 'Prêmios dos sorteios',
  'slash.itens.listar': () => 'Prêmios e a chance de cada um',
  'slash.itens.adicionar': () => 'Cadastra prêmios: nome:peso, com x2 (quantidade) ou x* (ilimitado)',
  'slash.itens.adicionar.lista': () => 'Ex.: skin dourada:50, skin prata:30x2',
  'slash.itens.remover': () => 'Remove um prêmio pelo nome',
  'slash.itens.remover.nome': () => 'Nome do prêmio',
  'slash.itens.limpar': () => 'Remove todos os prêmios',
  'slash.itens.codigos': () => 'Cola os códigos secretos de um prêmio (chaves, gift cards), um por linha',
  'slash.itens.codigos.item': () => 'Nome do prêmio',

  unlimited: () => '∞',
};

/** The shape every language must match: the same keys with the same parameters. */
export type Messages = typeof ptBR;
export type MessageKey = keyof Messages;
