import type { Channel } from '../../channels/channel-repository.ts';
import { notFound } from '../../errors.ts';
import type { Services } from '../services.ts';

/** The channel named in the URL, or a 404 that says so. */
export async function requireChannel(services: Services, login: string): Promise<Channel> {
  const channel = await services.channels.findByLogin(login);
  if (!channel) throw notFound('channel_not_found', `There is no channel "${login}" yet.`);
  return channel;
}
