import { z } from 'zod';

/** `GET/POST /api/v1/channels/{login}/overlay-key`: the OBS overlay's secret and its URL. */
export const overlayKeySchema = z
  .object({
    key: z.string().meta({ description: "the secret of the channel's overlay URL" }),
    url: z.string().meta({ description: 'the URL to add to OBS as a browser source' }),
  })
  .meta({
    id: 'OverlayKey',
    example: {
      key: '3f1c…64 hex digits',
      url: 'https://kinoyu.example/overlay/kinoyu_sandbox?key=3f1c…',
    },
  });

/** The query of a channel's event stream: the overlay opens it with its key. */
export const channelStreamQuerySchema = z.object({
  key: z.string().max(200).optional().meta({ description: "the channel's overlay key" }),
});
