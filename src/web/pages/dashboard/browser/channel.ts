// The channel's head: Twitch connection state (with "Reconectar" when needed), linked Discord servers,
// and logging out.
import { byId, element } from '../../../browser/dom.ts';
import type { Dashboard } from './context.ts';
import type { ChannelView } from './types.ts';

/** Shows the connection state and the Discord servers of a channel view. */
export function showChannel(channel: ChannelView, stateNames: Record<string, string>): void {
  const state = byId('connection-state');
  state.dataset.state = channel.connectionState;
  state.className = `state state-${channel.connectionState}`;
  state.textContent = stateNames[channel.connectionState] ?? channel.connectionState;
  byId('reconnect-box').hidden = !['reconnect_needed', 'disconnected'].includes(channel.connectionState);
  const links = byId('discord-links');
  if (channel.discord.length === 0) {
    const none = byId<HTMLTemplateElement>('discord-none');
    links.replaceChildren(none.content.cloneNode(true));
    return;
  }
  links.replaceChildren(
    element(
      'ul',
      { class: 'discord-list' },
      ...channel.discord.map((link) =>
        element(
          'li',
          {},
          element('code', {}, link.guildId),
          link.announcementChannelId ? ` → #${link.announcementChannelId}` : '',
          ` · ${link.language}`,
        ),
      ),
    ),
  );
}

/** The "Sair" button: logs out (with the CSRF token) and goes back to the welcome page. */
export function wireLogout(dashboard: Dashboard): void {
  const button = byId<HTMLButtonElement>('logout');
  button.addEventListener('click', async () => {
    button.disabled = true;
    await dashboard.api.send('POST', '/auth/logout').catch((error: unknown) => console.warn(error));
    window.location.assign('/');
  });
}
