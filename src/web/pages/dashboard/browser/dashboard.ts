// The streamer's dashboard: loads the channel from the API, wires each panel, and keeps everything live
// from the channel's event stream — no page reloads.

import { byId, fill } from '../../../browser/dom.ts';
import { readPageData } from '../../../browser/page-data.ts';
import type { DashboardPageData } from '../dashboard-page-data.ts';
import { channelApi } from './api.ts';
import { showChannel, wireLogout } from './channel.ts';
import { ClaimsPanel } from './claims.ts';
import { CodesPanel } from './codes.ts';
import type { Dashboard } from './context.ts';
import { DrawNow } from './draw-now.ts';
import { EntriesPanel } from './entries.ts';
import { RaffleHistory } from './history.ts';
import { PrizeLedger } from './ledger.ts';
import { listenLive } from './live.ts';
import { OddsPreview } from './odds.ts';
import { OverlayLink } from './overlay.ts';
import { PrizeList } from './prizes.ts';
import { RulesForm } from './rules.ts';
import { SessionPanel } from './session.ts';
import type { ChannelView } from './types.ts';

const data = readPageData<DashboardPageData>();
const dashboard: Dashboard = { data, api: channelApi(data.login, data.csrfToken) };

const odds = new OddsPreview(dashboard);
const ledger = new PrizeLedger(dashboard);
// Saving codes changes the prize's quantity: the prize list is read again, and shows the new counts.
const codes = new CodesPanel(dashboard, () => prizes.refresh());
const prizes = new PrizeList(dashboard, (items) => {
  odds.setItems(items);
  codes.setItems(items);
});
const session = new SessionPanel(dashboard);
const history = new RaffleHistory(dashboard);
const overlay = new OverlayLink(dashboard);
const claims = new ClaimsPanel(dashboard);
const entries = new EntriesPanel(dashboard);
const applyChannel = (channel: ChannelView) => {
  showChannel(channel, data.connectionStates);
  entries.setSettings(channel.settings);
  odds.setSettings(channel.settings);
  session.setDefaults(channel.settings);
};
const rules = new RulesForm(dashboard, (channel) => {
  applyChannel(channel);
  // New multipliers change the chatters' weights.
  void odds.refreshChatters();
});
const drawNow = new DrawNow(dashboard, (raffle) => {
  history.showLive(raffle);
  claims.show(raffle);
});
wireLogout(dashboard);

async function loadChannel(): Promise<void> {
  const channel = await dashboard.api.get<ChannelView>(dashboard.api.channelPath);
  applyChannel(channel);
  rules.fill(channel.settings);
}

function toast(message: string): void {
  const box = byId('toast');
  box.textContent = message;
  box.classList.add('visible');
  window.setTimeout(() => box.classList.remove('visible'), 6000);
}

/** A claim of a shown raffle changed: its history row, its claims card entry and the draw result follow. */
function showClaimChange(raffle: Parameters<DrawNow['update']>[0], message: string): void {
  history.showLive(raffle);
  claims.show(raffle);
  drawNow.update(raffle);
  toast(message);
  void ledger.refresh();
}

listenLive(dashboard, (event) => {
  switch (event.type) {
    case 'raffle.snapshot':
      // A draw froze its list and waits for its drand round (SPEC §4.1).
      history.showLive(event.raffle);
      drawNow.waiting(event.raffle, event.trigger);
      break;
    case 'raffle.voided': {
      history.showLive(event.raffle);
      drawNow.update(event.raffle);
      const reason = data.text.voidReasons[event.reason] ?? event.reason;
      toast(fill(data.text.liveVoided, { id: event.raffleId, reason }));
      void session.refresh();
      break;
    }
    case 'raffle.drawn': {
      history.showLive(event.raffle);
      claims.show(event.raffle);
      drawNow.update(event.raffle);
      const first =
        event.position === null
          ? event.raffle.winners[0]
          : event.raffle.winners.find((winner) => winner.position === event.position);
      if (first && event.trigger === 'unclaimed' && event.replaced) {
        toast(fill(data.text.liveUnclaimed, { replaced: event.replaced.login, winner: first.login }));
      } else if (first) {
        toast(
          first.itemName
            ? fill(data.text.liveDraw, { winner: first.login, prize: first.itemName })
            : fill(data.text.liveDrawNoPrize, { winner: first.login }),
        );
      }
      void prizes.refresh();
      void session.refresh();
      void ledger.refresh();
      break;
    }
    case 'raffle.claimed':
      showClaimChange(event.raffle, fill(data.text.liveClaimed, { winner: event.login }));
      break;
    case 'raffle.claim_restarted':
      showClaimChange(event.raffle, fill(data.text.liveClaimRestarted, { winner: event.login }));
      break;
    case 'raffle.forfeited':
      showClaimChange(event.raffle, fill(data.text.liveForfeited, { winner: event.login }));
      // The prize unit went back to stock.
      void prizes.refresh();
      break;
    case 'entries.opened':
      toast(fill(data.text.liveEntriesOpened, { keyword: event.keyword }));
      void entries.refresh();
      // In keyword mode the window decides who can win: the odds follow it.
      void odds.refreshChatters();
      break;
    case 'entries.closed':
      toast(fill(data.text.liveEntriesClosed, { count: event.count }));
      void entries.refresh();
      void odds.refreshChatters();
      break;
    case 'entries.updated':
      entries.showCount(event.count, event.refusedCount);
      break;
    case 'session.started':
    case 'session.stopped':
      session.show(event.session);
      break;
    case 'channel.connected':
    case 'channel.reconnect_needed':
    case 'channel.disconnected':
      void loadChannel();
      break;
  }
});

await Promise.all([
  loadChannel(),
  prizes.refresh(),
  session.refresh(),
  history.refresh(),
  ledger.refresh(),
  claims.refresh().catch((error: unknown) => console.warn('claims not loaded', error)),
  entries.refresh(),
  overlay.refresh(),
  odds.refreshChatters(),
]);
// Who is in chat changes all the time; a look every 30 s keeps the odds honest without hammering Twitch.
window.setInterval(() => void odds.refreshChatters(), 30_000);
