import type { Messages } from './pt-BR.ts';

/** Every sentence the bot says, in English (per server: `!idioma en`). */
export const en: Messages = {
  'error.guild_not_linked': () =>
    'This server is not connected to a Twitch channel yet. A moderator can use `!conectar`.',
  'error.channel_not_connected': () =>
    'The Twitch channel is not connected yet. Use `!conectar` to authorize it.',
  'error.reconnect_needed': () =>
    "Twitch refused this channel's authorization. The streamer needs to run `!conectar` again.",
  'error.no_prizes_left': () =>
    'There are no prizes in stock. Add some with `!itens adicionar name:weight` or raise a quantity.',
  'error.no_eligible_entrants': () =>
    'Nobody can win right now: no eligible viewer in chat (or everyone is on cooldown).',
  'error.twitch_unavailable': () => 'Twitch did not answer just now. Try again in a few seconds.',
  'error.beacon_unavailable': () =>
    'No drand relay answered, so the draw could not be tied to a public round. Nothing was drawn: try again in a moment.',
  'error.api_unavailable': () => 'The KinoYu service did not answer just now. Try again in a few seconds.',
  'error.missing_permission': () =>
    'You need the **Manage Server** permission or the KinoYu manager role for that.',
  'error.invalid_prize_list': (p) =>
    `Invalid prize list — nothing was added. ${p.detail}\nFormat: \`!itens adicionar golden skin:50, silver skin:30x2, key;5x*\``,
  'error.prize_exists': (p) => `That prize already exists — nothing was added. ${p.detail}`,
  'error.prize_not_found': (p) => `There is no prize named **${p.name}**. See the list with \`!itens\`.`,
  'error.session_already_active': () => 'A raffle session is already running. Use `!parar` to stop it.',
  'error.no_active_session': () => 'No raffle session is running.',
  'error.raffle_not_found': () => 'I could not find that raffle. Check the number.',
  'error.nobody_left': () => 'Everyone eligible already held a slot in this raffle: nobody left to draw.',
  'error.guild_forbidden': () => 'This server cannot act on that Twitch channel.',
  'error.twitch_not_configured': () => 'This KinoYu has no Twitch connection configured.',
  'error.invalid_interval': (p) =>
    `Invalid interval: \`${p.given}\`. Use something like \`30s\`, \`2m\`, \`1h\` or \`90\` (seconds), up to 24h.`,
  'error.invalid_winner_count': () =>
    'Invalid number of winners: use a number from 1 to 100, like `!sortear 3`.',
  'error.invalid_raffle_id': () => 'Give the raffle number, like `!verificar 42`.',
  'error.invalid_language': () =>
    'Available languages: `pt` (Portuguese) and `en` (English). E.g. `!idioma en`.',
  'error.missing_prize_list': () => 'List the prizes: `!itens adicionar golden skin:50, silver skin:30x2`.',
  'error.missing_prize_name': () => 'Give the prize name: `!itens remover golden skin`.',
  'error.invalid_input': (p) => `I did not understand the request: ${p.detail}`,
  'error.generic': () => 'Something went wrong on our side; it has been logged. Try again in a moment.',
  'error.not_your_confirmation': () =>
    'Only the person who asked for the link can answer this confirmation. To ask for yours, use `/sorteio conectar`.',
  'error.entries_already_open': () =>
    'Entries are already open. Use `!fechar` to close them before opening another window.',
  'error.entries_not_open': () => 'Entries are not open. Use `!abrir [keyword]` to open them.',
  'error.no_entry_window': () => 'In keyword mode, draws use who entered: open entries with `!abrir` first.',
  'error.reconnect_for_follow_rules': () =>
    'The follow-age rule needs a new Twitch authorization: the streamer must run `!conectar` again.',
  'error.slot_forfeited': () =>
    'That slot was not claimed and its prize went back to stock: it cannot be drawn again.',
  'error.invalid_keyword': () =>
    'Invalid keyword: use up to 50 characters, like `!abrir !enter`, or `!abrir` for the default one.',
  'error.unknown_command': (p) =>
    `Unknown command \`${p.given}\`. Did you mean \`${p.suggestion}\`? See \`!ajuda\`.`,
  'error.duplicate_codes': () =>
    'One of these codes is already in this prize (or appears twice in the list) — nothing was added. Check and paste again.',
  'error.prize_has_codes': () =>
    'This prize has codes: its quantity is its number of unused codes. To raise it, add codes with `/itens codigos`.',
  'error.prize_delivered': () =>
    "That slot's code was already delivered to its winner: it cannot be drawn again.",
  'error.not_deliverable': () => 'There is no code to deliver for that slot right now.',
  'error.not_linked': () =>
    'Your Discord account is not linked to a Twitch account. Use `/sorteio vincular` to link it and try again.',
  'error.not_slot_holder': () =>
    'That slot is not yours: only its winner, with their Twitch account linked to this Discord, can claim it.',
  'error.claim_closed': () =>
    'That slot is no longer awaiting its claim: time ran out or it was already claimed.',
  'error.no_codes': () => 'No codes received: paste one code per line.',
  'error.too_many_codes': (p) =>
    `That is ${p.count} codes: paste at most ${p.max} at a time — nothing was added.`,
  'error.codes_slash_only': () =>
    'Secret codes are never pasted in the channel: use `/itens codigos item:<name>` (only you see the text box). If you pasted a code here, delete the message.',

  'connect.link': (p) =>
    `To connect the Twitch channel, the streamer should open this link and authorize: ${p.url}\nThe link works **only once** and expires ${p.expiresAt}.`,
  'connect.sentByDm': () =>
    '📬 I sent you the link in a DM. Whoever has the link can connect their channel: do not share it.',
  'connect.dmRefused': () =>
    'I could not send you a DM (your DMs are closed for this server). Use `/sorteio conectar`: only you will see the answer. The link is never posted in the channel.',
  'connect.confirmMove': (p) =>
    `⚠️ This server is already connected to the Twitch channel **${p.channel}**. A new link connects the account of whoever opens it and authorizes: if that is not ${p.channel}, this server's raffles move to that other channel. Create the link anyway?`,
  'connect.button.move': () => 'Yes, switch',
  'connect.button.cancel': () => 'Cancel',
  'connect.moveConfirmed': () => 'Confirmed: the link was sent only to whoever confirmed.',
  'connect.cancelled': () => 'Cancelled: no link was created and the server stays connected as it was.',

  'account.link': (p) =>
    `To link this Discord account to your Twitch account, open the link and sign in with Twitch: ${p.url}\nThe link is yours alone, works **only once** and expires ${p.expiresAt}. Once linked, you are mentioned when you win and get the code of coded prizes by DM.`,
  'account.sentByDm': () => '📬 I sent you the link to link your account in a DM. Do not share it.',
  'account.dmRefused': () =>
    "I could not send you a DM (your DMs are closed for this server). Allow direct messages in the server's privacy settings, or use `/sorteio vincular`: only you will see the answer. The link is never posted in the channel.",
  'account.unlinked': () =>
    'Done: this Discord account is no longer linked to Twitch. You will not be mentioned or get codes by DM anymore (they stay on the claim page).',
  'account.answeredByDm': () => '📬 I answered you in a DM.',

  'codes.modalTitle': (p) => `Codes: ${p.name}`,
  'codes.inputLabel': () => 'One code per line',
  'codes.inputPlaceholder': () => 'AAAA-BBBB-CCCC\nDDDD-EEEE-FFFF',
  'codes.added': (p) =>
    `🔐 ${p.added} code(s) added; ${p.unused} available for this prize. They are not shown again: each winner gets theirs by DM or on the claim page.`,

  'delivery.dm': (p) =>
    `🎁 Your code for **${p.prize}** (${p.channel}, raffle #${p.raffleId}): ||${p.code}||\nIt is also on your prizes page: ${p.url}`,

  'claim.done': (p) => `✅ Claimed! If the prize has a code, it comes by DM and is on ${p.url}.`,

  'items.title': (p) => `Prizes of ${p.channel}`,
  'items.empty': () => 'No prizes yet. Use `!itens adicionar golden skin:50, silver skin:30x2`.',
  'items.line': (p) => `**${p.name}** — ${p.chance}% chance · quantity: ${p.quantity}`,
  'items.more': (p) => `… and ${p.count} more`,
  'items.added': (p) => `${p.count === 1 ? 'Prize added' : `${p.count} prizes added`}: ${p.names}`,
  'items.removed': (p) => `Prize removed: **${p.name}**.`,
  'items.cleared': () => 'All prizes were removed.',

  'session.started': (p) =>
    `Raffle session started: one draw every **${p.interval}**, announced in this channel. Next ${p.next}.`,
  'session.stopped': (p) => `Session stopped after ${p.draws} draw(s).`,
  'session.stopReason.stopped_by_user': () => 'stopped by a moderator',
  'session.stopReason.no_prizes_left': () => 'the prizes ran out',
  'session.stopReason.max_draws_reached': () => 'the maximum number of draws was reached',
  'session.stopReason.stream_offline': () => 'the stream went offline',
  'session.stopReason.other': (p) => `reason: ${p.reason}`,

  'draw.title': (p) => `🎉 Raffle on ${p.channel}`,
  'draw.rerollTitle': (p) => `🔁 Slot ${p.position} redrawn on ${p.channel}`,
  'draw.winnerLine': (p) => `**${p.position}.** ${p.login} — ${p.prize}`,
  'draw.winnerNoPrize': (p) => `**${p.position}.** ${p.login}`,
  'draw.replacedLine': (p) => `slot ${p.position}: was ${p.login}`,
  'draw.unclaimedLine': (p) => `slot ${p.position}: ${p.login} did not claim — redrawn: ${p.next}`,
  'draw.claim.awaiting': (p) => `⏳ type ${p.word} in Twitch chat — deadline ${p.deadline}`,
  'draw.claim.someWord': () => 'the claim word',
  'draw.claim.claimed': () => '✅ claimed',
  'draw.claim.forfeited': () => '❌ not claimed — the prize went back to stock',
  'draw.more': (p) => `… and ${p.count} more winner(s) — see the proof.`,
  'draw.field.raffle': () => 'Raffle',
  'draw.field.commitment': () => 'Commitment',
  'draw.field.entrants': () => 'Eligible entrants',
  'draw.field.replaced': () => 'Replaced',
  'draw.field.proof': () => 'Proof',
  'draw.proofLink': () => 'Verify this draw',
  'draw.rerollButton': (p) => `Draw again #${p.position}`,
  'draw.claimButton': (p) => `Claim #${p.position}`,
  'draw.hasCode': () => '🎁 with a code',
  'draw.field.code': () => 'Prize code',
  'draw.collectCode': (p) =>
    `Winners of a 🎁 prize get the code at ${p.url} (sign in with Twitch). With a linked account (\`/sorteio vincular\`), it comes by DM.`,
  'draw.mentions': (p) => `🎉 Congratulations, ${p.mentions}!`,
  'draw.mentionsFollowUp': (p) =>
    `🔔 ${p.mentions}: the result of raffle #${p.raffleId} is in the message above.`,
  'draw.field.beacon': () => 'drand round',
  'draw.field.digest': () => 'Frozen list',
  'draw.waitingTitle': (p) => `⏳ Raffle on ${p.channel}: waiting for drand`,
  'draw.waiting': (p) =>
    `The list of ${p.count} eligible entrant(s) is frozen (digest \`${p.digest}\`). The winners depend on drand round **${p.round}**, a public number nobody knows in advance (due at ${p.at}, ${p.when}).`,
  'draw.waitingLate': () =>
    'The round is late: the result shows up here as soon as it comes. If it does not come within 2 minutes, the raffle is void.',
  'draw.voidedTitle': (p) => `🚫 Raffle void on ${p.channel}`,
  'draw.voided.beacon_unavailable': (p) =>
    `drand round **${p.round}** never came, so this raffle is void: nobody won and the seed will never be revealed.`,
  'draw.voided.other': (p) =>
    `This raffle ended without a result (reason: ${p.reason}); its seed will never be revealed.`,

  'entries.opened': (p) =>
    `📝 Entries are open! In Twitch chat, whoever types **${p.keyword}** enters. Use \`!fechar\` to close them.`,
  'entries.chatModeHint': () =>
    "ℹ️ This channel's entry mode is **chat**: draws use everyone in chat, not only who entered. Switch to **keyword** on the dashboard to draw among entrants.",
  'entries.closed': (p) =>
    `🔒 Entries closed: ${p.count} entrant(s)${p.refused > 0 ? `, ${p.refused} refused` : ''}. The next draws use this list.`,

  'status.title': (p) => `Status of ${p.channel}`,
  'status.field.connection': () => 'Twitch connection',
  'status.field.session': () => 'Session',
  'status.field.prizes': () => 'Prizes in stock',
  'status.field.chatters': () => 'Eligible in chat',
  'status.field.entries': () => 'Entries (keyword mode)',
  'status.connection.connected': () => '✅ connected',
  'status.connection.not_connected': () => '⚪ not connected — use `!conectar`',
  'status.connection.reconnect_needed': () => '⚠️ needs reconnecting — use `!conectar`',
  'status.connection.disconnected': () => '⚪ disconnected — use `!conectar`',
  'status.session.active': (p) => `running: every ${p.interval}, ${p.draws} draw(s) so far; next ${p.next}`,
  'status.session.inactive': () => 'no session running',
  'status.prizes': (p) => `${p.kinds} kind(s), ${p.units} unit(s)`,
  'status.chatters': (p) => `${p.eligible} (${p.excluded} left out: bots, blocked…)`,
  'status.entries.open': (p) =>
    `🟢 open — type **${p.keyword}** in chat · ${p.count} entrant(s), ${p.refused} refused${p.pending > 0 ? `, ${p.pending} being checked` : ''}`,
  'status.entries.closed': (p) =>
    `🔴 closed (**${p.keyword}**) · ${p.count} entrant(s), ${p.refused} refused — \`!abrir\` opens another window`,
  'status.entries.none': () => 'no entry window yet — use `!abrir`',
  'status.unavailable': () => 'unavailable right now',

  'verify.reply': (p) =>
    `Raffle **#${p.raffleId}** (${p.channel}) — commitment \`${p.commitment}\`.\nCheck the proof: ${p.url}`,
  'verify.pending': () => 'This raffle has not been drawn yet: the seed is revealed afterwards.',

  'language.set': () => 'Done: I will answer in **English** on this server.',

  'help.title': () => 'KinoYu commands',
  'help.body': () =>
    [
      '`!conectar` — link to connect the Twitch channel, sent by DM (moderators)',
      "`!itens` — prizes and each one's chance",
      '`!itens adicionar golden skin:50, silver skin:30x2` — adds prizes (`name:weight` or `name;weight`, `x2` = quantity, `x*` = unlimited)',
      '`!itens remover <name>` · `!itens limpar`',
      '`!iniciar [interval]` — automatic draws (`30s`, `2m`, `1h`); `!parar` stops them',
      '`!sortear [n]` — draws n winners now',
      '`!abrir [keyword]` — opens entries: whoever types the keyword in Twitch chat enters; `!fechar` closes them',
      '`!status` — connection, session, prizes and eligible viewers (or entries, in keyword mode)',
      '`!verificar <id>` — the proof link of a raffle',
      "`/itens codigos item:<name>` — pastes a prize's secret codes (keys, gift cards); slash command only",
      '`!vincular` — links your Discord account to your Twitch one (link by DM): you are mentioned when you win and get codes by DM; `!desvincular` undoes it',
      '`!idioma pt|en` — reply language',
      'Also as slash commands: `/sorteio …` and `/itens …`.',
      'Commands that change something need **Manage Server** or the manager role.',
    ].join('\n'),

  'event.connected': (p) => `✅ Twitch connected: **${p.channel}**. Ready to draw!`,
  'event.reconnectNeeded': (p) =>
    `⚠️ Twitch refused the authorization of **${p.channel}**. The streamer needs to run \`!conectar\` again for raffles to work.`,
  'event.disconnected': (p) =>
    `🔌 Twitch was disconnected from **${p.channel}**. To raffle again, the streamer runs \`!conectar\`.`,
  'event.entriesOpened': (p) => `📝 Entries are open: in Twitch chat, whoever types **${p.keyword}** enters.`,
  'event.entriesClosed': (p) => `🔒 Entries closed with ${p.count} entrant(s).`,
  'event.sessionStarted': (p) => `▶️ Raffle session started: one every **${p.interval}**. Next ${p.next}.`,
  'event.sessionStopped': (p) => `⏹️ Raffle session stopped (${p.reason}) after ${p.draws} draw(s).`,

  // Slash command descriptions (Discord allows 100 characters).
  'slash.sorteio': () => 'KinoYu raffles in Twitch chat',
  'slash.sorteio.conectar': () => 'Link to connect the Twitch channel (moderators)',
  'slash.sorteio.iniciar': () => 'Starts a session of automatic draws',
  'slash.sorteio.iniciar.intervalo': () => 'Time between draws: 30s, 2m, 1h (default: from the settings)',
  'slash.sorteio.parar': () => 'Stops the raffle session',
  'slash.sorteio.sortear': () => 'Draws winners now',
  'slash.sorteio.sortear.vencedores': () => 'How many winners (1 to 100; default 1)',
  'slash.sorteio.abrir': () => 'Opens entries: whoever types the keyword in Twitch chat enters',
  'slash.sorteio.abrir.palavra': () =>
    'The entry keyword (default: the one in the settings, like !participar)',
  'slash.sorteio.fechar': () => 'Closes entries',
  'slash.sorteio.status': () => 'Connection, session, prizes and eligible viewers or entries',
  'slash.sorteio.verificar': () => 'The proof link of a raffle',
  'slash.sorteio.verificar.id': () => 'Raffle number',
  'slash.sorteio.ajuda': () => 'Lists the commands',
  'slash.sorteio.idioma': () => 'Reply language on this server',
  'slash.sorteio.idioma.idioma': () => 'pt (Portuguese) or en (English)',
  'slash.sorteio.vincular': () => 'Links your Discord account to your Twitch one to get codes by DM',
  'slash.sorteio.desvincular': () => 'Unlinks your Discord account from Twitch',
  'slash.itens': () => 'Raffle prizes',
  'slash.itens.listar': () => "Prizes and each one's chance",
  'slash.itens.adicionar': () => 'Adds prizes: name:weight, with x2 (quantity) or x* (unlimited)',
  'slash.itens.adicionar.lista': () => 'E.g. golden skin:50, silver skin:30x2',
  'slash.itens.remover': () => 'Removes a prize by name',
  'slash.itens.remover.nome': () => 'Prize name',
  'slash.itens.limpar': () => 'Removes every prize',
  'slash.itens.codigos': () => "Pastes a prize's secret codes (keys, gift cards), one per line",
  'slash.itens.codigos.item': () => 'Prize name',

  unlimited: () => '∞',
};
